using RadCnn.Training.Augmentation;
using RadCnn.Training.Optimization;
using RadCnn.Training.Reporting;
using RadCnn.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Optimization;

[Collection(TorchRandomCollection.Name)]
public class TrainerTests
{
    private static TrainingOutcome Train(string directory, int seed = 1, int? stopAfter = null, string? from = null, bool freeze = false, int epochs = 6, int dataSeed = 1, bool resume = true, bool augment = false)
    {
        var recipe = TinyTask.Recipe(defaults: TinyTask.Defaults(epochs) with { Augmentation = augment ? AugmentationOptions.Radiograph : AugmentationOptions.None });
        var options = new TrainingOptions
        {
            Seed = seed,
            HyperParameters = recipe.Defaults,
            MaxEpochsThisRun = stopAfter,
            InitialWeights = from,
            FreezeEarlyLayers = freeze,
            Resume = resume,
        };
        return new Trainer(recipe, options, NullProgress.Instance).Run(TinyTask.Data(recipe, dataSeed), directory);
    }

    private static Dictionary<string, float[]> Weights(string path)
    {
        using var model = TinyTask.Recipe().CreateModel();
        WeightFiles.Load(model, path);
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void A_tiny_network_on_tiny_phantoms_lowers_its_validation_loss()
    {
        using var dir = new TempDirectory();
        var outcome = Train(dir.Path, epochs: 12);

        Assert.True(outcome.Completed);
        Assert.Equal(12, outcome.History.Count);
        var first = outcome.History[0].ValidationLoss;
        Assert.True(outcome.BestValidationLoss < first * 0.9, $"validation loss {first} → best {outcome.BestValidationLoss}");
        Assert.True(outcome.History[^1].TrainLoss < outcome.History[0].TrainLoss);
        Assert.True(File.Exists(outcome.BestWeightsPath));
        Assert.Contains("auc", outcome.History[^1].ValidationMetrics.Keys);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_on_the_cpu()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        // Augmentation and dropout draw random numbers too: all of them must follow the seed.
        Train(a.Path, seed: 3, epochs: 2, augment: true);
        Train(b.Path, seed: 3, epochs: 2, augment: true);

        var first = Weights(TrainingCheckpoint.WeightsPath(a.Path));
        var second = Weights(TrainingCheckpoint.WeightsPath(b.Path));
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (name, values) in first)
        {
            Assert.Equal(values, second[name]);
        }
    }

    [Fact]
    public void A_resumed_run_ends_where_an_uninterrupted_one_does()
    {
        using var whole = new TempDirectory();
        using var parts = new TempDirectory();
        var uninterrupted = Train(whole.Path, seed: 5, epochs: 4, augment: true);
        var stopped = Train(parts.Path, seed: 5, epochs: 4, stopAfter: 2, augment: true);
        var resumed = Train(parts.Path, seed: 5, epochs: 4, augment: true);

        Assert.False(stopped.Completed);
        Assert.Equal(2, stopped.History.Count);
        Assert.True(resumed.Completed);
        Assert.Equal(uninterrupted.History.Select(e => e.ValidationLoss), resumed.History.Select(e => e.ValidationLoss));
        var expected = Weights(TrainingCheckpoint.WeightsPath(whole.Path));
        var actual = Weights(TrainingCheckpoint.WeightsPath(parts.Path));
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values, actual[name]);
        }
    }

    [Fact]
    public void Fine_tuning_from_trained_weights_starts_better_than_scratch_and_freezing_keeps_early_layers()
    {
        using var source = new TempDirectory();
        using var scratch = new TempDirectory();
        using var tuned = new TempDirectory();
        using var frozen = new TempDirectory();
        var pretrained = Train(source.Path, seed: 1, epochs: 10, dataSeed: 1);

        // Another set of phantoms (another hospital's data), one epoch each.
        var fromScratch = Train(scratch.Path, seed: 2, epochs: 1, dataSeed: 2);
        var fineTuned = Train(tuned.Path, seed: 2, epochs: 1, dataSeed: 2, from: pretrained.BestWeightsPath);
        Train(frozen.Path, seed: 2, epochs: 1, dataSeed: 2, from: pretrained.BestWeightsPath, freeze: true);

        Assert.True(fineTuned.History[0].ValidationLoss < fromScratch.History[0].ValidationLoss, $"fine-tuned {fineTuned.History[0].ValidationLoss} vs scratch {fromScratch.History[0].ValidationLoss}");
        var before = Weights(pretrained.BestWeightsPath);
        var after = Weights(TrainingCheckpoint.WeightsPath(frozen.Path));
        Assert.Equal(before["features.conv1.weight"], after["features.conv1.weight"]);
        Assert.NotEqual(before["head.weight"], after["head.weight"]);
    }

    [Fact]
    public void Early_stopping_ends_the_run_when_the_validation_loss_stops_falling()
    {
        using var dir = new TempDirectory();
        // A learning rate far too high: the validation loss will not keep improving for 12 epochs.
        var recipe = TinyTask.Recipe(defaults: TinyTask.Defaults(12) with { EarlyStoppingPatience = 2, LearningRate = 0.5, Schedule = LearningRateSchedule.Constant });
        var options = new TrainingOptions { Seed = 1, HyperParameters = recipe.Defaults };
        var outcome = new Trainer(recipe, options, NullProgress.Instance).Run(TinyTask.Data(recipe), dir.Path);

        Assert.True(outcome.StoppedEarly);
        Assert.True(outcome.History.Count < 12);
        Assert.Equal(outcome.History.Count - 3, outcome.BestEpoch);
        Assert.All(outcome.History.Skip(outcome.BestEpoch + 1), e => Assert.False(e.Improved));
    }

    [Fact]
    public void Weights_of_another_model_are_refused_with_the_file_named()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "other.bin");
        using (var other = nn.Linear(3, 2))
        {
            other.save(path);
        }

        var e = Assert.Throws<InvalidDataException>(() => Train(dir.Path, epochs: 1, from: path));
        Assert.Contains("other.bin", e.Message);
    }
}
