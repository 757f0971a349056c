using System.CommandLine;
using System.Globalization;
using RadCnn.Host.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Sessions;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn train TASK [--data DIR] [--epochs N] [--seed S] [--out DIR] [--from WEIGHTS] [--freeze-early]`:
/// trains (or fine-tunes) a plugin's model with its recipe and writes model.bin, model.json and the plots.
/// Running the same command again after an interruption resumes from the last epoch.
/// </summary>
internal sealed class TrainCommand : ICliCommand
{
    public Command Create()
    {
        var task = new Argument<string?>("task") { Description = "A training task offered by an installed plugin (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<string?>("--data") { Description = "A folder of DICOM files with labels.csv; without it the recipe's phantoms are generated in memory." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the recipe's); 0 with --from trains nothing and only fits the decision threshold, temperature and input profile of those weights on the validation split." };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, initialisation, shuffling and augmentation.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Output folder (default runs/TASK)." };
        var from = new Option<string?>("--from") { Description = "Weights to fine-tune from (transfer learning)." };
        var freeze = new Option<bool>("--freeze-early") { Description = "With --from: keep the early layers fixed." };
        var json = new Option<bool>("--json") { Description = "Progress as JSON lines even on a terminal." };
        var list = new Option<bool>("--list") { Description = "List the training tasks and exit." };
        var plugins = new Option<string?>("--plugins") { Description = "Plugins directory (default var/plugins and ./plugins)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: libtorch's choice; 1 is fastest for small models on a busy machine)." };
        var restart = new Option<bool>("--restart") { Description = "Ignore a checkpoint in the output folder and start over." };
        var command = new Command("train", "Train or fine-tune a task's model (reproducible: same seed, same weights on the CPU).")
        {
            task, data, epochs, seed, output, from, freeze, json, list, plugins, device, restart, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(threads) is { } count)
            {
                TorchSharp.torch.set_num_threads(count);
            }

            using var catalog = RecipeCatalog.Load(TrainingConsole.PluginDirectories(parse.GetValue(plugins)));
            if (parse.GetValue(list) || parse.GetValue(task) is null)
            {
                foreach (var recipe in catalog.Recipes)
                {
                    Console.Out.WriteLine($"{recipe.Task,-20} {recipe.Description}");
                }

                foreach (var problem in catalog.Problems)
                {
                    Console.Error.WriteLine($"not searched: {problem}");
                }

                return Task.FromResult(parse.GetValue(task) is null && !parse.GetValue(list) ? 1 : 0);
            }

            try
            {
                var recipe = catalog.Find(parse.GetValue(task)!);
                var request = new TrainRequest
                {
                    OutputDirectory = parse.GetValue(output) ?? Path.Combine("runs", recipe.Task),
                    Seed = parse.GetValue(seed),
                    DataDirectory = parse.GetValue(data),
                    Epochs = parse.GetValue(epochs),
                    FromWeights = parse.GetValue(from),
                    FreezeEarlyLayers = parse.GetValue(freeze),
                    Resume = !parse.GetValue(restart),
                    Device = parse.GetValue(device)!,
                    Command = TrainingConsole.CommandLine(),
                };
                if (!request.Resume && Directory.Exists(Path.Combine(request.OutputDirectory, "checkpoint")))
                {
                    Directory.Delete(Path.Combine(request.OutputDirectory, "checkpoint"), recursive: true);
                }

                var report = TrainingConsole.WithProgress(parse.GetValue(json), progress => new TrainingSession(TimeProvider.System).Train(recipe, request, progress, cancellationToken));
                if (report.Test is { } test)
                {
                    var metrics = string.Join(", ", test.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F3}")));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best epoch {report.Outcome.BestEpoch + 1}; test ({test.Samples} images): loss {test.Loss:F4}, {metrics}"));
                    Console.Error.WriteLine($"wrote {report.WeightsPath}, {report.ModelCardPath}, {string.Join(", ", report.Plots.Select(Path.GetFileName))}");
                }

                return Task.FromResult(0);
            }
            catch (Exception e) when (e is DatasetException or InvalidOperationException or FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"radcnn train: {e.Message}");
                return Task.FromResult(2);
            }
        });
        return command;
    }
}
