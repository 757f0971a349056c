using System.CommandLine;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Host.Cli.Phantoms;

/// <summary>
/// `radcnn phantom abdomen-ct --count N --seed S --out DIR [--size 128] [--slices 48] [--generator portal|alternate] [--noise-scale 1]`:
/// abdominal CT series with liver and liver-mass ground truth as DICOM SEG.
/// </summary>
internal static class AbdomenCtPhantomCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of CT series.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same series and CT UIDs.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<int>("--size") { Description = "Rows and columns per slice (pixel spacing follows: about 375 mm / size).", DefaultValueFactory = _ => 128 };
        var slices = new Option<int>("--slices") { Description = "Slices per series (slice spacing follows: 160-240 mm / slices, within 0.7-5 mm).", DefaultValueFactory = _ => 48 };
        var generator = new Option<string>("--generator") { Description = "portal (the training generator) or alternate (a deliberately different one: arterial phase, metaball livers, streaks).", DefaultValueFactory = _ => "portal" };
        var noiseScale = new Option<double>("--noise-scale") { Description = "Factor on each case's image noise SD (1: as trained; 0.5: about four times the dose); the same anatomy and noise pattern. Greater than 0, at most 4.", DefaultValueFactory = _ => 1 };
        var command = new Command("abdomen-ct", "Abdominal CT (liver with vessels and 0-6 masses, spleen, stomach, kidneys, heart, IVC, muscle, spine, ribs) with ground truth as DICOM SEG.")
        {
            count, seed, output, size, slices, generator, noiseScale,
        };
        command.SetAction(parse =>
        {
            AbdomenCtGenerator phantoms;
            try
            {
                var style = parse.GetValue(generator) switch
                {
                    "portal" => AbdomenCtStyle.PortalVenous,
                    "alternate" => AbdomenCtStyle.Alternate,
                    var other => throw new ArgumentException($"unknown generator '{other}': use portal or alternate"),
                };
                phantoms = new AbdomenCtGenerator(style, parse.GetValue(size), parse.GetValue(slices)) { NoiseScale = parse.GetValue(noiseScale) };
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"radcnn phantom abdomen-ct: {e.Message}");
                return 2;
            }

            var directory = parse.GetValue(output)!;
            var cases = AbdomenCtSetWriter.Write(phantoms, parse.GetValue(count), parse.GetValue(seed), directory, TimeProvider.System);
            Console.Out.WriteLine($"wrote {cases.Count} abdominal CT series ({cases.Sum(c => c.Masses.Count)} liver masses) to {Path.GetFullPath(directory)}: <case>/ct/*.dcm, <case>/seg.dcm, {AbdomenCtSetWriter.CasesFile}, phantom.json");
            return 0;
        });
        return command;
    }
}
