using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Robustness;

[Collection(TorchRandomCollection.Name)]
public class AdversarialExamplesTests
{
    private static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) Problem()
    {
        manual_seed(2);
        var model = nn.Sequential(nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 2));
        var x = randn(32, 16);
        var y = randint(0, 2, [32], dtype: ScalarType.Int64);
        return (model, x, y);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Examples_stay_inside_the_epsilon_ball_and_raise_the_loss(int steps)
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;
        var options = new AdversarialTraining { Epsilon = 0.1, Steps = steps };

        var adversarial = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, options);

        var distance = (adversarial - x).abs().max().item<float>();
        Assert.InRange(distance, 0.099f, 0.1001f);
        var clean = nn.functional.cross_entropy(model.call(x), y).item<float>();
        var attacked = nn.functional.cross_entropy(model.call(adversarial), y).item<float>();
        Assert.True(attacked > clean + 0.01, $"loss {clean} -> {attacked}");
        Assert.False(adversarial.requires_grad);
    }

    [Fact]
    public void Projected_gradient_descent_finds_at_least_as_bad_examples_as_one_fgsm_step()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;
        var fgsm = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, new AdversarialTraining { Epsilon = 0.3, Steps = 1 });
        manual_seed(4);
        var pgd = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, new AdversarialTraining { Epsilon = 0.3, Steps = 10 });

        var fgsmLoss = nn.functional.cross_entropy(model.call(fgsm), y).item<float>();
        var pgdLoss = nn.functional.cross_entropy(model.call(pgd), y).item<float>();
        Assert.True(pgdLoss >= fgsmLoss - 1e-3, $"PGD {pgdLoss} < FGSM {fgsmLoss}");
    }

    [Fact]
    public void Mixing_replaces_the_chosen_share_of_the_batch_and_keeps_the_rest()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;

        var mixed = AdversarialExamples.Mix(model, x, y, LossKind.CrossEntropy, new AdversarialTraining { Epsilon = 0.05, Fraction = 0.25 });

        Assert.Equal(x.shape, mixed.shape);
        var changed = (mixed - x).abs().amax([1]).data<float>().ToArray();
        Assert.All(changed.Take(8), d => Assert.InRange(d, 0.049f, 0.0501f));
        Assert.All(changed.Skip(8), d => Assert.Equal(0f, d));
    }

    [Fact]
    public void Options_outside_their_ranges_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Epsilon = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Steps = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Fraction = 1.5 }.Validate());
    }
}
