using RadCnn.Abstractions.Tensors;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Robustness;

/// <summary>
/// Adversarial examples of image-to-image tasks: the engine's image probe's threat set (zero mean per channel
/// within the ball and the range) and objective (the output's deviation), so training hardens the network
/// against the attack it is measured with.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public class ImageAdversarialExamplesTests
{
    // A fixed 5 x 5 mean filter per channel: a smoother keeps mean intensity, so the sign of its loss or
    // energy gradient is nearly uniform (the old attack's shift) while a zero-mean attack must find blobs.
    private static nn.Module<Tensor, Tensor> Smoother()
    {
        var conv = nn.Conv2d(2, 2, 5, padding: 2, groups: 2, bias: false);
        using (no_grad())
        {
            conv.weight.fill_(1.0 / 25);
        }

        return nn.Sequential(conv, nn.Dropout(0.5));
    }

    private static (Tensor X, Tensor Y) Images()
    {
        manual_seed(7);
        var y = rand(6, 2, 24, 24).mul(0.2).add(0.4);
        var x = (y + randn(6, 2, 24, 24).mul(0.05)).clamp(0, 1);
        return (x, y);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Image_examples_have_zero_mean_per_channel_inside_the_ball_and_range(int steps)
    {
        using var scope = NewDisposeScope();
        using var model = Smoother();
        var (x, y) = Images();
        var options = new AdversarialTraining { Epsilon = 0.03, Steps = steps, Fraction = 1, InputRange = (0, 1) };

        var adversarial = AdversarialExamples.Mix(model, x, y, LossKind.MeanSquaredError, options, TrainingTaskKind.ImageRestoration);

        var delta = adversarial - x;
        var mean = delta.mean([2L, 3L]).abs().max().item<float>();
        Assert.True(mean < 1e-5f, $"largest per-channel mean of the perturbation {mean}");
        Assert.InRange(delta.abs().max().item<float>(), 0.029f, 0.0301f);
        Assert.True(adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1);
        Assert.False(adversarial.requires_grad);
        Assert.True(model.training, "the model's training mode is restored");

        // The old example (the squared error against the target, unconstrained) on the same batch is not
        // centred: what this test tells apart.
        var unconstrained = AdversarialExamples.Perturb(model, x, y, LossKind.MeanSquaredError, options with { Steps = 1 }) - x;
        Assert.True(unconstrained.mean([2L, 3L]).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void Image_examples_move_a_smoother_more_than_zero_mean_noise_of_the_same_size()
    {
        using var scope = NewDisposeScope();
        using var model = Smoother();
        model.eval();
        var (x, y) = Images();
        var options = new AdversarialTraining { Epsilon = 0.02, Fraction = 1, InputRange = (0, 1) };

        var adversarial = AdversarialExamples.Mix(model, x, y, LossKind.MeanSquaredError, options, TrainingTaskKind.ImageRestoration);

        manual_seed(8);
        var noise = x + ZeroMeanPerturbation.Project(x, randn_like(x).sign().mul(0.02), 0.02, (0, 1));
        using var noGrad = no_grad();
        var clean = model.call(x);
        var attacked = (model.call(adversarial) - clean).norm().item<float>();
        var random = (model.call(noise) - clean).norm().item<float>();

        // Random signs average out under a 5 x 5 mean (about 1/5 kept); the attack's blobs at the filter's scale do not.
        Assert.True(attacked > 2.5 * random, $"attack {attacked}, zero-mean noise {random}");
    }

    [Fact]
    public void Classification_examples_are_unchanged()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = nn.Sequential(nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 2));
        var x = randn(32, 16);
        var y = randint(0, 2, [32], dtype: ScalarType.Int64);
        var options = new AdversarialTraining { Epsilon = 0.05, RandomStart = true, Fraction = 0.5 };

        manual_seed(9);
        var before = AdversarialExamples.Mix(model, x, y, LossKind.CrossEntropy, options);
        manual_seed(9);
        var now = AdversarialExamples.Mix(model, x, y, LossKind.CrossEntropy, options, TrainingTaskKind.BinaryClassification);

        Assert.Equal(0f, (before - now).abs().max().item<float>());

        // Not centred: the sign of the loss gradient for some samples is mostly one way.
        Assert.True((now - x).narrow(0, 0, 16).mean([1L]).abs().max().item<float>() > 0.005f);
    }
}
