using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;
using RadCnn.Training.Reporting;
using RadCnn.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Optimization;

/// <summary>The trainer keeps the epoch a recipe's whole-case figure prefers when the recipe supplies one, and the lowest validation loss otherwise.</summary>
[Collection(TorchRandomCollection.Name)]
public class WholeCaseValidationTests
{
    private const int Epochs = 5;

    private static Dictionary<string, float[]> Snapshot(nn.Module<Tensor, Tensor> model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.cpu().to_type(ScalarType.Float32).data<float>().ToArray());

    private static Dictionary<string, float[]> Weights(string path)
    {
        using var model = TinyTask.Recipe().CreateModel();
        WeightFiles.Load(model, path);
        return Snapshot(model);
    }

    private static TrainingOutcome Train(string directory, IWholeCaseValidation? whole, out SplitDatasetKeys keys, string? from = null)
    {
        var recipe = TinyTask.Recipe(Epochs);
        var data = TinyTask.Data(recipe);
        keys = new SplitDatasetKeys(
            data.Train.Select(s => s.PatientKey).ToHashSet(StringComparer.Ordinal),
            data.Validation.Select(s => s.PatientKey).ToHashSet(StringComparer.Ordinal));
        var options = new TrainingOptions { Seed = 4, HyperParameters = recipe.Defaults, WholeCaseValidation = whole, InitialWeights = from };
        return new Trainer(recipe, options, NullProgress.Instance).Run(data, directory);
    }

    [Fact]
    public void The_kept_epoch_is_the_one_the_whole_case_figure_prefers_even_when_the_validation_loss_prefers_another()
    {
        using var plain = new TempDirectory();
        using var hooked = new TempDirectory();
        var withoutHook = Train(plain.Path, null, out _);
        var lossBest = withoutHook.BestEpoch;

        // A figure that prefers the epoch with the highest validation loss (other than the loss's favourite), rising slowly elsewhere.
        var preferred = Enumerable.Range(0, Epochs).Where(e => e != lossBest).MaxBy(e => withoutHook.History[e].ValidationLoss);
        var figure = new ScriptedFigure(epoch => epoch == preferred ? 0.9 : 0.1 + (0.01 * epoch));
        var withHook = Train(hooked.Path, figure, out var keys);

        Assert.NotEqual(lossBest, preferred);
        Assert.Equal(preferred, withHook.BestEpoch);
        Assert.Equal(-0.9, withHook.BestValidationLoss, 12);
        // Same seed, same data: the training itself did not change, only which epoch was kept.
        Assert.Equal(withoutHook.History.Select(e => e.ValidationLoss), withHook.History.Select(e => e.ValidationLoss));
        Assert.All(withHook.History, e => Assert.Equal(figure.Score(e.Epoch), e.ValidationMetrics[figure.MetricName], 12));
        Assert.Equal(Enumerable.Range(0, Epochs).Select(e => e <= preferred), withHook.History.Select(e => e.Improved));

        // best.bin holds the weights the figure saw at the preferred epoch, not the loss's favourite.
        var kept = Weights(withHook.BestWeightsPath);
        foreach (var (name, values) in figure.Seen[preferred])
        {
            Assert.Equal(values, kept[name]);
        }

        Assert.NotEqual(figure.Seen[lossBest]["head.weight"], kept["head.weight"]);

        // The figure was asked about the validation patients only.
        Assert.Equal(Epochs, figure.Patients.Count);
        Assert.All(figure.Patients, p => Assert.True(p.SetEquals(keys.Validation)));
        Assert.Empty(keys.Validation.Intersect(keys.Train));
    }

    [Fact]
    public void A_fine_tune_that_no_epoch_improves_on_the_figure_keeps_its_starting_weights()
    {
        using var start = new TempDirectory();
        using var tuned = new TempDirectory();
        var initial = Train(start.Path, null, out _).BestWeightsPath;

        // Call 0 scores the starting weights; every epoch after it scores lower.
        var figure = new ScriptedFigure(call => call == 0 ? 0.8 : 0.5 + (0.01 * call));
        var outcome = Train(tuned.Path, figure, out _, from: initial);

        Assert.Equal(Epochs + 1, figure.Seen.Count);
        Assert.Equal(-1, outcome.BestEpoch);
        Assert.Equal(-0.8, outcome.BestValidationLoss, 12);
        Assert.All(outcome.History, e => Assert.False(e.Improved));
        var kept = Weights(outcome.BestWeightsPath);
        foreach (var (name, values) in Weights(initial))
        {
            Assert.Equal(values, kept[name]);
        }

        // One epoch that beats the start is kept instead.
        using var better = new TempDirectory();
        var beaten = Train(better.Path, new ScriptedFigure(call => call == 3 ? 0.95 : 0.8 - (0.01 * call)), out _, from: initial);
        Assert.Equal(2, beaten.BestEpoch);
        Assert.Equal(-0.95, beaten.BestValidationLoss, 12);
    }

    [Fact]
    public void Without_a_whole_case_figure_the_lowest_validation_loss_is_kept_as_before()
    {
        using var dir = new TempDirectory();
        var outcome = Train(dir.Path, null, out _);

        var lowest = outcome.History.Min(e => e.ValidationLoss);
        Assert.Equal(lowest, outcome.History[outcome.BestEpoch].ValidationLoss, 3);
        Assert.Equal(outcome.History[outcome.BestEpoch].ValidationLoss, outcome.BestValidationLoss, 12);
        Assert.True(outcome.History[outcome.BestEpoch].Improved);
        Assert.All(outcome.History.Skip(outcome.BestEpoch + 1), e => Assert.True(e.ValidationLoss > outcome.BestValidationLoss - 1e-4));
        Assert.All(outcome.History, e => Assert.DoesNotContain("scripted_volume_score", e.ValidationMetrics.Keys));
    }

    [Fact]
    public void A_figure_that_is_not_a_number_stops_the_run_with_the_figure_named()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidOperationException>(() => Train(dir.Path, new ScriptedFigure(_ => double.NaN), out _));
        Assert.Contains("scripted_volume_score", e.Message);
    }

    private sealed record SplitDatasetKeys(IReadOnlySet<string> Train, IReadOnlySet<string> Validation);

    /// <summary>Scores each epoch from a script and records the weights and patients it was shown.</summary>
    private sealed class ScriptedFigure(Func<int, double> script) : IWholeCaseValidation
    {
        public string MetricName => "scripted_volume_score";

        public List<Dictionary<string, float[]>> Seen { get; } = [];

        public List<HashSet<string>> Patients { get; } = [];

        public double Score(int epoch) => script(epoch);

        public double Score(nn.Module<Tensor, Tensor> model, IReadOnlySet<string> validationPatients, Device device)
        {
            Seen.Add(Snapshot(model));
            Patients.Add(validationPatients.ToHashSet(StringComparer.Ordinal));
            return script(Seen.Count - 1);
        }
    }
}
