using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Host.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Recipes;
using RadCnn.Training.Sessions;

namespace RadCnn.Host.Cli;

/// <summary>`radcnn eval TASK --data DIR [--weights W] [--json]`: a trained model's loss and metrics on labelled data.</summary>
internal sealed class EvalCommand : ICliCommand
{
    public Command Create()
    {
        var task = new Argument<string>("task") { Description = "A training task offered by an installed plugin." };
        var data = new Option<string?>("--data") { Description = "A folder of DICOM files with labels.csv (default: the recipe's phantoms with --seed)." };
        var weights = new Option<string?>("--weights") { Description = "Weights file (default: the installed plugin's shipped, SHA-pinned model; else runs/TASK/model.bin)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object." };
        var seed = new Option<int>("--seed") { Description = "Seed of the phantoms (without --data) and of the bootstrap.", DefaultValueFactory = _ => 1 };
        var plugins = new Option<string?>("--plugins") { Description = "Plugins directory (default var/plugins and ./plugins)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: libtorch's choice; 1 is fastest for small models on a busy machine)." };
        var command = new Command("eval", "Evaluate a task's model on labelled data: loss, ROC AUC with a bootstrap 95% CI, sensitivity, specificity, F1, Dice, PSNR, SSIM as the task calls for.")
        {
            task, data, weights, json, seed, plugins, device, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } count)
            {
                TorchSharp.torch.set_num_threads(count);
            }

            try
            {
                using var catalog = RecipeCatalog.Load(TrainingConsole.PluginDirectories(parse.GetValue(plugins)));
                var recipe = catalog.Find(parse.GetValue(task)!);
                var weightsPath = parse.GetValue(weights) ?? catalog.ShippedWeights(recipe) ?? Path.Combine("runs", recipe.Task, TrainingSession.WeightsFile);
                Console.Error.WriteLine($"radcnn eval: weights {Path.GetFullPath(weightsPath)}");
                var result = TrainingSession.Evaluate(recipe, parse.GetValue(data), weightsPath, parse.GetValue(seed), parse.GetValue(device)!);

                // A task with its own figures (subsets, baseline, calibration, robustness) adds them to the same output.
                var detail = recipe is IDetailedEvaluation detailed ? detailed.EvaluateInDetail(parse.GetValue(data), weightsPath, parse.GetValue(seed)) : null;
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new
                    {
                        task = recipe.Task,
                        weights = weightsPath,
                        samples = result.Samples,
                        loss = result.Loss,
                        metrics = result.Metrics,
                        evaluation = detail is null ? null : JsonNode.Parse(detail.Json),
                    }));
                }
                else
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{recipe.Task}: {result.Samples} images, loss {result.Loss:F4}"));
                    foreach (var (name, value) in result.Metrics)
                    {
                        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-12} {value:F4}"));
                    }

                    if (detail is not null)
                    {
                        Console.Out.WriteLine();
                        Console.Out.Write(detail.Table);
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is DatasetException or RadCnn.Abstractions.Manifest.PluginManifestException or InvalidOperationException or FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"radcnn eval: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
