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

    [Fact]
    public void Training_with_adversarial_examples_lowers_the_loss_under_attack()
    {
        const double epsilon = 0.05;
        var plain = AttackedValidationLoss(null, epsilon);
        var robust = AttackedValidationLoss(new AdversarialTraining { Epsilon = epsilon, Fraction = 0.5 }, epsilon);

        Assert.True(robust < plain * 0.9, $"validation loss under FGSM at {epsilon}: plain {plain:F3}, adversarially trained {robust:F3}");
    }
}
