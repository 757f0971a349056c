using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RadCnn.Host.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;
using RadCnn.Training.Sessions;
using static TorchSharp.torch;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn interpolate TASK --from START --to END --alpha A --out DIR [--batch-norm reestimate|average]
/// [--samples N] [--seed S]`: writes the network (1 − A)·START + A·END of a task's architecture
/// (<see cref="WeightInterpolation"/>) to DIR/model.bin, with interpolation.json saying how it was made.
/// With `reestimate` (the default) the batch-norm statistics are measured again on N training samples of
/// the recipe's own data (its phantoms of --seed, the training split), because averaged statistics need
/// not describe the interpolated network's features; `average` interpolates them like the weights.
/// </summary>
internal sealed class InterpolateCommand : ICliCommand
{
    public Command Create()
    {
        var task = new Argument<string>("task") { Description = "A training task offered by an installed plugin (its network's architecture and data)." };
        var from = new Option<string>("--from") { Description = "Weights at alpha 0.", Required = true };
        var to = new Option<string>("--to") { Description = "Weights at alpha 1 (same architecture).", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Where on the line: each weight is (1 - alpha) * from + alpha * to.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder for model.bin and interpolation.json.", Required = true };
        var batchNorm = new Option<string>("--batch-norm") { Description = "reestimate (batch-norm statistics measured again on training samples) or average (interpolated like the weights).", DefaultValueFactory = _ => "reestimate" };
        var samples = new Option<int>("--samples") { Description = "Training samples the statistics are measured on (with reestimate).", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed of the recipe's data (without --data), its split and the choice of samples.", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "A folder of labelled data for the recipe (default: its phantoms of --seed)." };
        var plugins = new Option<string?>("--plugins") { Description = "Plugins directory (default var/plugins and ./plugins)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch." };
        var command = new Command("interpolate", "Write a network between two weight sets of a task (weight averaging), with its batch-norm statistics measured again on training data.")
        {
            task, from, to, alpha, output, batchNorm, samples, seed, data, plugins, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } count)
            {
                TorchSharp.torch.set_num_threads(count);
            }

            var mode = parse.GetValue(batchNorm)!;
            if (mode is not ("reestimate" or "average"))
            {
                Console.Error.WriteLine($"radcnn interpolate: --batch-norm is reestimate or average, not {mode}");
                return 2;
            }

            try
            {
                using var catalog = RecipeCatalog.Load(TrainingConsole.PluginDirectories(parse.GetValue(plugins)));
                var recipe = catalog.Find(parse.GetValue(task)!);
                var a = parse.GetValue(alpha);
                var startPath = parse.GetValue(from)!;
                var endPath = parse.GetValue(to)!;
                using var start = recipe.CreateModel();
                using var end = recipe.CreateModel();
                using var model = recipe.CreateModel();
                WeightFiles.Load(start, startPath);
                WeightFiles.Load(end, endPath);
                WeightInterpolation.Interpolate(model, start, end, a);
                var measured = 0;
                if (mode == "reestimate")
                {
                    var chosen = TrainingSamples(recipe, parse.GetValue(data), parse.GetValue(seed), parse.GetValue(samples));
                    measured = WeightInterpolation.ReestimateBatchNorm(model, Batches(chosen, recipe.Defaults.BatchSize));
                    Console.Error.WriteLine($"radcnn interpolate: batch-norm statistics measured on {chosen.Count} training samples ({measured} batches)");
                }

                model.eval();
                var directory = parse.GetValue(output)!;
                Directory.CreateDirectory(directory);
                var weights = Path.Combine(directory, TrainingSession.WeightsFile);
                model.save(weights);
                var record = new
                {
                    task = recipe.Task,
                    alpha = a,
                    from = new { path = startPath, sha256 = WeightFiles.Sha256(startPath) },
                    to = new { path = endPath, sha256 = WeightFiles.Sha256(endPath) },
                    batchNorm = mode,
                    batchNormSamples = mode == "reestimate" ? parse.GetValue(samples) : 0,
                    batchNormBatches = measured,
                    seed = parse.GetValue(seed),
                    sha256 = WeightFiles.Sha256(weights),
                    command = TrainingConsole.CommandLine(),
                };
                File.WriteAllText(Path.Combine(directory, "interpolation.json"), JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"radcnn interpolate: wrote {weights} (alpha {a}, batch norm {mode})"));
                return 0;
            }
            catch (Exception e) when (e is DatasetException or InvalidOperationException or FileNotFoundException or InvalidDataException or ArgumentException)
            {
                Console.Error.WriteLine($"radcnn interpolate: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary><paramref name="count"/> samples of the training split, drawn without replacement with <paramref name="seed"/>.</summary>
    private static List<TrainingSample> TrainingSamples(ITrainingRecipe recipe, string? dataDirectory, int seed, int count)
    {
        var loaded = recipe.LoadData(dataDirectory, seed);
        var train = PatientSplit.Split(loaded.Samples, recipe.Defaults.Split, seed).Train;
#pragma warning disable CA5394 // a seeded choice of samples, not security
        var random = new Random(seed);
        return train.OrderBy(_ => random.Next()).Take(Math.Max(1, count)).ToList();
#pragma warning restore CA5394
    }

    // Batches of the training batch size, so that the statistics are those of batches like the ones the network trained on.
    private static IEnumerable<Tensor> Batches(List<TrainingSample> samples, int batchSize)
    {
        for (var first = 0; first < samples.Count; first += batchSize)
        {
            var indices = Enumerable.Range(first, Math.Min(batchSize, samples.Count - first)).ToArray();
            using var batch = BatchBuilder.Images(samples, indices, CPU);
            yield return batch;
        }
    }
}
