using System.CommandLine;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Host.Cli.Phantoms;

/// <summary>
/// `radcnn phantom pelvis-mr --count N --seed S --out DIR [--size 128] [--slices 24] [--generator t2|alternate]`:
/// T2-weighted pelvic MR series with uterus and uterine-tumour ground truth as DICOM SEG.
/// </summary>
internal static class PelvisMrPhantomCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of MR series.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same series and MR UIDs.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<int>("--size") { Description = "Rows and columns per slice (pixel spacing follows: field of view 240-380 mm / size).", DefaultValueFactory = _ => 128 };
        var slices = new Option<int>("--slices") { Description = "Slices per series (3-6 mm apart).", DefaultValueFactory = _ => 24 };
        var generator = new Option<string>("--generator") { Description = "t2 (the training generator) or alternate (a deliberately different one: fat-suppressed, fibroids, surface-coil bias, ghosting).", DefaultValueFactory = _ => "t2" };
        var command = new Command("pelvis-mr", "T2-weighted pelvic MR (uterus with zonal anatomy and 0-1 endometrial or cervical tumour, bladder, rectum, ovaries, bones; Rician noise, bias field, sagittal or axial) with ground truth as DICOM SEG.")
        {
            count, seed, output, size, slices, generator,
        };
        command.SetAction(parse =>
        {
            var style = parse.GetValue(generator) switch
            {
                "t2" => PelvisMrStyle.T2,
                "alternate" => PelvisMrStyle.Alternate,
                var other => throw new ArgumentException($"unknown generator '{other}': use t2 or alternate"),
            };
            var directory = parse.GetValue(output)!;
            var cases = PelvisMrSetWriter.Write(new PelvisMrGenerator(style, parse.GetValue(size), parse.GetValue(slices)), parse.GetValue(count), parse.GetValue(seed), directory, TimeProvider.System);
            Console.Out.WriteLine($"wrote {cases.Count} pelvic MR series ({cases.Count(c => c.Tumour is not null)} with a tumour) to {Path.GetFullPath(directory)}: <case>/mr/*.dcm, <case>/seg.dcm, {PelvisMrSetWriter.CasesFile}, phantom.json");
            return 0;
        });
        return command;
    }
}
