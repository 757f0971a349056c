using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Reporting;
using RadCnn.Training.Robustness;
using RadCnn.Training.Tests.Optimization;
using RadCnn.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Robustness;

[Collection(TorchRandomCollection.Name)]
public class AdversarialTrainingTests
{
    /// <summary>Trains the tiny task with or without adversarial examples and returns the validation loss under FGSM at epsilon.</summary>
    private static double AttackedValidationLoss(AdversarialTraining? adversarial, double epsilon)
    {
        using var dir = new TempDirectory();
        var recipe = TinyTask.Recipe(defaults: TinyTask.Defaults(6) with { Adversarial = adversarial });
        var data = TinyTask.Data(recipe);
        var options = new TrainingOptions { Seed = 1, HyperParameters = recipe.Defaults };
        var outcome = new Trainer(recipe, options, NullProgress.Instance).Run(data, dir.Path);
        using var model = recipe.CreateModel();
        WeightFiles.Load(model, outcome.BestWeightsPath);
        model.eval();
        using var scope = NewDisposeScope();
        var indices = Enumerable.Range(0, data.Validation.Count).ToArray();
        var x = BatchBuilder.Images(data.Validation, indices, CPU);
        var y = BatchBuilder.Targets(data.Validation, indices, recipe.Kind, LossKind.CrossEntropy, CPU);
        var attacked = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, new AdversarialTraining { Epsilon = epsilon });
        using var noGrad = no_grad();
        return nn.functional.cross_entropy(model.call(attacked), y).item<float>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_with_adversarial_examples_lowers_the_loss_under_attack(bool trades)
    {
        const double epsilon = 0.05;
        var plain = AttackedValidationLoss(null, epsilon);
        var options = trades
            ? new AdversarialTraining { Epsilon = epsilon, TradesBeta = 6 }
            : new AdversarialTraining { Epsilon = epsilon, Fraction = 0.5, RandomStart = true };
        var robust = AttackedValidationLoss(options, epsilon);

        Assert.True(robust < plain * 0.9, $"validation loss under FGSM at {epsilon}: plain {plain:F3}, adversarially trained ({(trades ? "TRADES" : "FGSM mix")}) {robust:F3}");
    }

    [Fact]
    public void An_adversarially_trained_model_is_kept_at_the_epoch_with_the_lowest_mean_of_clean_and_attacked_validation_loss()
    {
        using var dir = new TempDirectory();
        var recipe = TinyTask.Recipe(defaults: TinyTask.Defaults(6) with { Adversarial = new AdversarialTraining { Epsilon = 0.05 }, EarlyStoppingPatience = 0 });
        var data = TinyTask.Data(recipe);

        var outcome = new Trainer(recipe, new TrainingOptions { Seed = 1, HyperParameters = recipe.Defaults }, NullProgress.Instance).Run(data, dir.Path);

        var selection = outcome.History.Select(r => (r.ValidationLoss + r.ValidationMetrics[Trainer.AttackedLossMetric]) / 2).ToList();
        Assert.All(outcome.History, r => Assert.True(r.ValidationMetrics[Trainer.AttackedLossMetric] > r.ValidationLoss, "the attacked loss exceeds the clean one"));
        Assert.Equal(selection.IndexOf(selection.Min()), outcome.BestEpoch);
        Assert.Equal(selection.Min(), outcome.BestValidationLoss, 9);
    }
}
