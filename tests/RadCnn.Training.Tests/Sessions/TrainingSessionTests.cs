using System.Text.Json;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Optimization;
using RadCnn.Training.Provenance;
using RadCnn.Training.Recipes;
using RadCnn.Training.Reporting;
using RadCnn.Training.Robustness;
using RadCnn.Training.Sessions;
using RadCnn.Training.Tests.Optimization;
using RadCnn.TestSupport;
using SkiaSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Sessions;

[Collection(TorchRandomCollection.Name)]
public class TrainingSessionTests
{
    [Fact]
    public void A_finished_run_writes_weights_model_json_with_their_hash_and_the_plots()
    {
        using var dir = new TempDirectory();
        var recipe = TinyTask.Recipe(epochs: 3);
        var request = new TrainRequest { OutputDirectory = dir.Path, Seed = 2, Command = "radcnn train cxr-demo --epochs 3" };
        var report = new TrainingSession(TimeProvider.System).Train(recipe, request, NullProgress.Instance);

        Assert.NotNull(report.Test);
        Assert.True(File.Exists(report.WeightsPath));
        using var card = JsonDocument.Parse(File.ReadAllText(report.ModelCardPath!));
        var root = card.RootElement;
        Assert.Equal(WeightFiles.Sha256(report.WeightsPath!), root.GetProperty("weights").GetProperty("sha256").GetString());
        Assert.Equal("cxr-demo", root.GetProperty("task").GetString());
        Assert.Equal(2, root.GetProperty("training").GetProperty("seed").GetInt32());
        Assert.Equal("radcnn train cxr-demo --epochs 3", root.GetProperty("training").GetProperty("command").GetString());
        Assert.Equal(1, root.GetProperty("input").GetProperty("channels").GetInt32());
        var dataset = root.GetProperty("dataset");
        var images = dataset.GetProperty("train").GetProperty("images").GetInt32() + dataset.GetProperty("validation").GetProperty("images").GetInt32() + dataset.GetProperty("test").GetProperty("images").GetInt32();
        Assert.Equal(160, images);
        Assert.True(root.GetProperty("testMetrics").TryGetProperty("auc", out _));
        Assert.True(root.GetProperty("testMetrics").TryGetProperty("auc_ci_low", out _));

        Assert.Equal(3, report.Plots.Count);
        foreach (var plot in report.Plots)
        {
            using var bitmap = SKBitmap.Decode(plot);
            Assert.Equal((720, 480), (bitmap.Width, bitmap.Height));
        }

        var evaluation = TrainingSession.Evaluate(recipe, null, report.WeightsPath!, seed: 2);
        Assert.Equal(160, evaluation.Samples);
        Assert.InRange(evaluation.Metrics["auc"], 0.5, 1.0);
    }

    [Fact]
    public void Model_json_records_the_validation_threshold_and_calibration_and_eval_uses_them()
    {
        using var dir = new TempDirectory();
        var recipe = TinyTask.Recipe(epochs: 3);
        var report = new TrainingSession(TimeProvider.System).Train(recipe, new TrainRequest { OutputDirectory = dir.Path, Seed = 2 }, NullProgress.Instance);
        using var card = JsonDocument.Parse(File.ReadAllText(report.ModelCardPath!));
        var decision = card.RootElement.GetProperty("decision");
        var threshold = decision.GetProperty("threshold").GetDouble();
        Assert.InRange(threshold, 1e-9, 1 - 1e-9);
        Assert.InRange(decision.GetProperty("temperature").GetDouble(), TemperatureScaling.Minimum, TemperatureScaling.Maximum);
        Assert.Equal("youden", decision.GetProperty("rule").GetString());
        Assert.Equal(InputStatistics.Names.Count, card.RootElement.GetProperty("outOfDistribution").GetProperty("mean").GetArrayLength());
        Assert.Equal(threshold, report.Test!.Metrics["threshold"]);

        var policy = ModelPolicy.TryLoadBeside(report.WeightsPath!);
        Assert.Equal(threshold, policy!.Decision!.Threshold);
        var evaluation = TrainingSession.Evaluate(recipe, null, report.WeightsPath!, seed: 5);
        Assert.Equal(threshold, evaluation.Metrics["threshold"]);
        Assert.InRange(evaluation.Metrics["ece"], 0, 0.5);
        Assert.InRange(evaluation.Metrics["ood_share"], 0, 0.1); // phantoms of another seed look like the training ones
    }

    [Fact]
    public void Zero_epochs_from_existing_weights_only_fits_the_decision_and_keeps_the_weights()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var recipe = TinyTask.Recipe(epochs: 2);
        var trained = new TrainingSession(TimeProvider.System).Train(recipe, new TrainRequest { OutputDirectory = first.Path, Seed = 2 }, NullProgress.Instance);

        var calibrated = new TrainingSession(TimeProvider.System).Train(recipe, new TrainRequest { OutputDirectory = second.Path, Seed = 2, Epochs = 0, FromWeights = trained.WeightsPath }, NullProgress.Instance);

        Assert.Equal(WeightFiles.Sha256(trained.WeightsPath!), WeightFiles.Sha256(calibrated.WeightsPath!));
        Assert.Empty(calibrated.Outcome.History);
        Assert.Equal(ModelPolicy.TryLoadBeside(trained.WeightsPath!)!.Decision!.Threshold, ModelPolicy.TryLoadBeside(calibrated.WeightsPath!)!.Decision!.Threshold);
        Assert.Throws<InvalidOperationException>(() => new TrainingSession(TimeProvider.System).Train(recipe, new TrainRequest { OutputDirectory = second.Path, Epochs = 0 }, NullProgress.Instance));
    }

    [Fact]
    public void Progress_as_json_lines_has_one_object_per_epoch()
    {
        using var dir = new TempDirectory();
        using var writer = new StringWriter();
        new TrainingSession(TimeProvider.System).Train(TinyTask.Recipe(epochs: 2), new TrainRequest { OutputDirectory = dir.Path }, new JsonLinesProgress(writer));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var epochs = lines.Where(l => l.GetProperty("event").GetString() == "epoch").ToList();
        Assert.Equal(2, epochs.Count);
        Assert.True(epochs[0].GetProperty("validationLoss").GetDouble() > 0);
    }

    [Fact]
    public void A_recipes_whole_case_figure_picks_the_epoch_model_json_records()
    {
        using var dir = new TempDirectory();
        var recipe = new WithFigure(TinyTask.Recipe(epochs: 3));
        var report = new TrainingSession(TimeProvider.System).Train(recipe, new TrainRequest { OutputDirectory = dir.Path, Seed = 2 }, NullProgress.Instance);

        Assert.Equal(0, report.Outcome.BestEpoch);
        Assert.Equal(3, recipe.Figure.Calls);
        using var card = JsonDocument.Parse(File.ReadAllText(report.ModelCardPath!));
        Assert.Equal(1, card.RootElement.GetProperty("training").GetProperty("bestEpoch").GetInt32());
        Assert.Equal(WeightFiles.Sha256(report.Outcome.BestWeightsPath), WeightFiles.Sha256(report.WeightsPath!));
    }

    /// <summary>The tiny recipe with a whole-case figure that prefers the first epoch.</summary>
    private sealed class WithFigure(ITrainingRecipe inner) : ITrainingRecipe
    {
        public FirstEpochFigure Figure { get; } = new();

        public string Task => inner.Task;

        public string Description => inner.Description;

        public TrainingTaskKind Kind => inner.Kind;

        public InputSpec Input => inner.Input;

        public IReadOnlyList<string> ClassNames => inner.ClassNames;

        public string Architecture => inner.Architecture;

        public TrainingHyperParameters Defaults => inner.Defaults;

        public IReadOnlyList<string> EarlyLayers => inner.EarlyLayers;

        public nn.Module<Tensor, Tensor> CreateModel() => inner.CreateModel();

        public TrainingData LoadData(string? dataDirectory, int seed) => inner.LoadData(dataDirectory, seed) with { WholeCaseValidation = Figure };
    }

    private sealed class FirstEpochFigure : IWholeCaseValidation
    {
        public int Calls { get; private set; }

        public string MetricName => "first_epoch";

        public double Score(nn.Module<Tensor, Tensor> model, IReadOnlySet<string> validationPatients, Device device) => Calls++ == 0 ? 1 : 0;
    }
}
