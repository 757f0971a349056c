using System.CommandLine;
using RadCnn.Training.Phantoms;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn phantom cxr --count N --seed S --out DIR`: writes synthetic chest radiographs as DICOM
/// (DX, For Presentation) with labels.csv, lesion masks and lesions.json, ready for `radcnn train --data`.
/// </summary>
internal sealed class PhantomCommand : ICliCommand
{
    public Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of images.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same images and UIDs.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<int>("--size") { Description = "Image side in pixels.", DefaultValueFactory = _ => 256 };
        var tuberculosis = new Option<double>("--tb-fraction") { Description = "Fraction of tuberculosis cases.", DefaultValueFactory = _ => 0.5 };
        var perPatient = new Option<int>("--images-per-patient") { Description = "Follow-up radiographs per synthetic patient.", DefaultValueFactory = _ => 1 };
        var kind = new Option<string>("--generator") { Description = "default; randomized (domain randomisation: detector, exposure, noise, tone curve, grids, markers); alternate (the independent second generator, for judging models only).", DefaultValueFactory = _ => "default" };
        kind.AcceptOnlyFromAmong("default", "randomized", "alternate");
        var cxr = new Command("cxr", "Chest radiographs (normal or tuberculosis: upper-lobe opacities, nodules, cavities).")
        {
            count, seed, output, size, tuberculosis, perPatient, kind,
        };
        cxr.SetAction(parse =>
        {
            IPhantomGenerator generator = parse.GetValue(kind) switch
            {
                "alternate" => new AlternateChestRadiographGenerator(parse.GetValue(size), parse.GetValue(tuberculosis)),
                "randomized" => new ChestRadiographGenerator(parse.GetValue(size), parse.GetValue(tuberculosis), parse.GetValue(perPatient), randomization: RadiographDomainRandomization.Wide),
                _ => new ChestRadiographGenerator(parse.GetValue(size), parse.GetValue(tuberculosis), parse.GetValue(perPatient)),
            };
            var directory = parse.GetValue(output)!;
            var n = parse.GetValue(count);
            var cases = PhantomSetWriter.Write(generator, n, parse.GetValue(seed), directory, TimeProvider.System);
            Console.Out.WriteLine($"wrote {cases.Count} chest radiographs ({cases.Count(c => c.Label == 1)} tuberculosis) to {Path.GetFullPath(directory)}: images/, masks/, labels.csv, lesions.json, phantom.json");
            return 0;
        });
        return new Command("phantom", "Generate synthetic images and reports with known ground truth (no patient data).") { cxr, Phantoms.ReportPhantomCommand.Create(), Phantoms.ChestCtPhantomCommand.Create(), Phantoms.LowDoseCtPhantomCommand.Create(), Phantoms.AbdomenCtPhantomCommand.Create(), Phantoms.PelvisMrPhantomCommand.Create() };
    }
}
