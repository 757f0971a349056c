using System.CommandLine;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Host.Cli.Phantoms;

/// <summary>
/// `radcnn phantom chest-ct --count N --seed S --out DIR [--size 128] [--slices 64] [--generator standard|alternate]`:
/// thin-slice chest CT series (CT Image Storage) with 0-4 benign or malignant nodules each, nodules.csv
/// (centres in patient coordinates, diameters, labels) and the nodule label volumes.
/// </summary>
internal static class ChestCtPhantomCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of series.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same series and UIDs.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<int>("--size") { Description = "Matrix (rows = columns); the field of view is 307-461 mm whatever the matrix.", DefaultValueFactory = _ => 128 };
        var slices = new Option<int>("--slices") { Description = "Slices per series.", DefaultValueFactory = _ => 64 };
        var generator = new Option<string>("--generator") { Description = "standard (the training generator) or alternate (a deliberately different one, for testing).", DefaultValueFactory = _ => "standard" };
        var command = new Command("chest-ct", "Chest CT series with lung nodules (benign: small, smooth, calcified, perifissural; malignant: larger, lobulated, spiculated, part-solid) among vessels.")
        {
            count, seed, output, size, slices, generator,
        };
        command.SetAction(parse =>
        {
            ChestCtStyle style;
            try
            {
                style = ChestCtStyle.Parse(parse.GetValue(generator)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"radcnn phantom chest-ct: {e.Message}");
                return 2;
            }

            var directory = parse.GetValue(output)!;
            var phantoms = ChestCtSetWriter.Write(new ChestCtGenerator(style, parse.GetValue(size), parse.GetValue(slices)), parse.GetValue(count), parse.GetValue(seed), directory, TimeProvider.System);
            var nodules = phantoms.SelectMany(p => p.Nodules).ToList();
            Console.Out.WriteLine($"wrote {phantoms.Count} chest CT series with {nodules.Count} nodules ({nodules.Count(n => n.Malignant)} malignant) to {Path.GetFullPath(directory)}: series/, masks/, nodules.csv, phantom.json");
            return 0;
        });
        return command;
    }
}
