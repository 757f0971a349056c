using System.CommandLine;
using System.Globalization;
using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Host.Cli.Phantoms;

/// <summary>
/// `radcnn phantom low-dose-ct --count N --seed S --dose FRACTION --out DIR`: CT slices simulated through
/// projection, photon and electronic noise and filtered back-projection, written as low-dose,
/// standard-dose and truth CT series with labels.csv pairing them.
/// </summary>
internal static class LowDoseCtPhantomCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of slices.", DefaultValueFactory = _ => 16 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same images and UIDs.", DefaultValueFactory = _ => 1 };
        var dose = new Option<double>("--dose") { Description = "Low-dose fraction of the standard dose (e.g. 0.25, 0.1, 0.05).", DefaultValueFactory = _ => 0.1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<int>("--size") { Description = "Image side in pixels.", DefaultValueFactory = _ => 256 };
        var anatomy = new Option<string>("--anatomy") { Description = "body (chest and abdomen) or inserts (a different, head-sized object with inserts).", DefaultValueFactory = _ => "body" };
        var filter = new Option<string>("--filter") { Description = "FBP filter: ramp or hann.", DefaultValueFactory = _ => "ramp" };
        var sparse = new Option<int>("--sparse-views") { Description = "Low dose keeps every k-th view only (1: all).", DefaultValueFactory = _ => 1 };
        var photons = new Option<double>("--photons") { Description = "Incident photons per ray at the standard dose.", DefaultValueFactory = _ => 1.5e5 };
        var slices = new Option<int>("--slices-per-patient") { Description = "Consecutive 5 mm slices per synthetic patient (one study each).", DefaultValueFactory = _ => 4 };
        var texture = new Option<bool>("--texture") { Description = "Body anatomy only: parenchymal texture inside the organs (a smooth Gaussian random field, SD 3-20 HU per organ and slice); off by default." };
        var command = new Command("low-dose-ct", "Low-dose / standard-dose / truth CT pairs by projection, Poisson and electronic noise, and filtered back-projection.")
        {
            count, seed, dose, output, size, anatomy, filter, sparse, photons, slices, texture,
        };
        command.SetAction(parse =>
        {
            ICtSliceModel model = parse.GetValue(anatomy) switch
            {
                "body" => new BodySliceModel { Texture = parse.GetValue(texture) },
                "inserts" when parse.GetValue(texture) => throw new ArgumentException("--texture applies to the body anatomy only (the insert generator has a texture of its own)"),
                "inserts" => new InsertSliceModel(),
                var other => throw new ArgumentException($"unknown anatomy '{other}' (body or inserts)"),
            };
            var generator = new LowDoseCtGenerator(model, parse.GetValue(size), parse.GetValue(dose))
            {
                Filter = string.Equals(parse.GetValue(filter), "hann", StringComparison.OrdinalIgnoreCase) ? ReconstructionFilter.Hann : ReconstructionFilter.Ramp,
                SparseViewFactor = parse.GetValue(sparse),
                StandardPhotons = parse.GetValue(photons),
                SlicesPerPatient = parse.GetValue(slices),
            };
            var directory = parse.GetValue(output)!;
            var cases = LowDoseCtSetWriter.Write(generator, parse.GetValue(count), parse.GetValue(seed), directory, TimeProvider.System);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {cases.Count} CT slices at dose {generator.DoseFraction:0.###} ({cases.Select(c => c.Patient).Distinct().Count()} synthetic patients) to {Path.GetFullPath(directory)}: low-dose/, standard-dose/, truth/, labels.csv, lesions.json, phantom.json"));
            return 0;
        });
        return command;
    }
}
