using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;
using TorchSharp;
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
    public void Examples_are_crafted_against_the_model_in_evaluation_mode_as_the_probe_sees_it()
    {
        // Batch norm and heavy dropout make the training-mode gradient that of another function: the
        // engine's probe attacks the evaluation-mode network, so training must harden that one.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.7), nn.Linear(32, 2));
        var x = randn(24, 16);
        var y = randint(0, 2, [24], dtype: ScalarType.Int64);
        using (no_grad())
        {
            // Running statistics unlike any batch's, as after training on other data.
            model.train();
            for (var i = 0; i < 5; i++)
            {
                model.call((randn(64, 16) * 3) + 2);
            }
        }

        model.eval();
        Tensor expected;
        using (enable_grad())
        {
            var xg = x.clone().requires_grad_(true);
            expected = x + (torch.autograd.grad([nn.functional.cross_entropy(model.call(xg), y)], [xg])[0].sign() * 0.1);
        }

        model.train();
        var adversarial = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, new AdversarialTraining { Epsilon = 0.1 });

        Assert.True(model.training, "the model's training mode is restored");
        var differing = (adversarial - expected).abs().gt(1e-5).to(ScalarType.Float32).mean().item<float>();
        Assert.True(differing == 0, $"{differing:P1} of the values differ from the evaluation-mode FGSM example");
    }

    [Fact]
    public void A_random_start_keeps_fgsm_inside_the_ball_with_the_longer_step()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;
        var options = new AdversarialTraining { Epsilon = 0.1, RandomStart = true };

        var adversarial = AdversarialExamples.Perturb(model, x, y, LossKind.CrossEntropy, options);

        Assert.Equal(0.125, options.StepSize, 6);
        var change = (adversarial - x).abs();
        Assert.InRange(change.max().item<float>(), 0.099f, 0.1001f);
        // From a random start a 1.25·ε step ends inside the ball for some values, on its surface for most.
        var inside = change.lt(0.0999).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(inside, 0.01f, 0.5f);
        var clean = nn.functional.cross_entropy(model.call(x), y).item<float>();
        var attacked = nn.functional.cross_entropy(model.call(adversarial), y).item<float>();
        Assert.True(attacked > clean + 0.01, $"loss {clean} -> {attacked}");
    }

    [Fact]
    public void Trades_examples_move_the_prediction_away_from_the_clean_one_within_the_ball()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;
        var options = new AdversarialTraining { Epsilon = 0.2, Steps = 3, TradesBeta = 6 };

        var adversarial = AdversarialExamples.PerturbTrades(model, x, options);

        Assert.InRange((adversarial - x).abs().max().item<float>(), 0.19f, 0.2001f);
        var clean = nn.functional.log_softmax(model.call(x), 1);
        var moved = nn.functional.log_softmax(model.call(adversarial), 1);
        var divergence = (clean.exp() * (clean - moved)).sum(1).mean().item<float>();
        Assert.True(divergence > 1e-3, $"KL {divergence}");
        var loss = AdversarialExamples.TradesLoss(model, x, adversarial, y, LossKind.CrossEntropy, 6, out var output);
        var natural = nn.functional.cross_entropy(model.call(x), y).item<float>();
        Assert.Equal(x.shape[0], output.shape[0]);
        Assert.InRange(loss.item<float>(), natural + (6 * divergence * 0.99f), natural + (6 * divergence * 1.01f) + 1e-4f);
    }

    [Fact]
    public void The_voxel_divergence_is_each_logits_bernoulli_kl_averaged_over_samples_channels_and_voxels()
    {
        using var scope = NewDisposeScope();
        var reference = tensor(new float[] { 0f, 2f, -1f, 3f }, [1, 2, 1, 2]);
        var moved = tensor(new float[] { 1f, 2f, -3f, -3f }, [1, 2, 1, 2]);

        Assert.Equal(0f, AdversarialExamples.TradesDivergence(LossKind.DiceBinaryCrossEntropy, reference, reference).item<float>(), 6);
        static double Kl(double a, double b)
        {
            double p = 1 / (1 + Math.Exp(-a)), q = 1 / (1 + Math.Exp(-b));
            return (p * Math.Log(p / q)) + ((1 - p) * Math.Log((1 - p) / (1 - q)));
        }

        var expected = (Kl(0, 1) + Kl(2, 2) + Kl(-1, -3) + Kl(3, -3)) / 4;
        foreach (var loss in new[] { LossKind.BinaryCrossEntropy, LossKind.Dice, LossKind.DiceBinaryCrossEntropy })
        {
            Assert.Equal(expected, AdversarialExamples.TradesDivergence(loss, reference, moved).item<float>(), 5);
        }

        // Softmax over two channels is not the same distribution: the cross entropy's divergence stays the class one.
        var classes = AdversarialExamples.TradesDivergence(LossKind.CrossEntropy, reference, moved).item<float>();
        Assert.NotEqual(expected, classes, 3);
        Assert.Throws<ArgumentException>(() => AdversarialExamples.TradesDivergence(LossKind.MeanSquaredError, reference, moved));
        Assert.Throws<ArgumentException>(() => AdversarialExamples.TradesDivergence(LossKind.ComponentDiceBinaryCrossEntropy, reference, moved));
    }

    [Fact]
    public void Trades_on_a_segmentation_network_moves_its_voxels_within_the_ball_and_adds_beta_times_their_divergence()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.Tanh(), nn.Conv2d(4, 2, 3, padding: 1));
        var x = rand(3, 1, 12, 12);
        var y = x.gt(0.5).to(ScalarType.Float32).expand(3, 2, 12, 12).contiguous();
        var options = new AdversarialTraining { Epsilon = 0.05, TradesBeta = 6, InputRange = (0, 1) };

        var adversarial = AdversarialExamples.PerturbTrades(model, x, options, LossKind.DiceBinaryCrossEntropy);

        Assert.InRange((adversarial - x).abs().max().item<float>(), 0.049f, 0.0501f);
        Assert.True(adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1);
        var divergence = AdversarialExamples.TradesDivergence(LossKind.DiceBinaryCrossEntropy, model.call(x), model.call(adversarial)).item<float>();
        manual_seed(6);
        var random = x.add(rand_like(x).mul(2).sub(1).sign().mul(0.05)).clamp(0, 1);
        var randomDivergence = AdversarialExamples.TradesDivergence(LossKind.DiceBinaryCrossEntropy, model.call(x), model.call(random)).item<float>();
        Assert.True(divergence > 2 * randomDivergence, $"KL of the TRADES point {divergence}, of a random corner {randomDivergence}");
        var loss = AdversarialExamples.TradesLoss(model, x, adversarial, y, LossKind.DiceBinaryCrossEntropy, 6, out var output);
        var natural = Losses.Compute(LossKind.DiceBinaryCrossEntropy, model.call(x), y).item<float>();
        Assert.Equal(new long[] { 3, 2, 12, 12 }, output.shape);
        Assert.InRange(loss.item<float>(), natural + (6 * divergence * 0.99f) - 1e-5f, natural + (6 * divergence * 1.01f) + 1e-5f);
        new TrainingHyperParameters { Loss = LossKind.DiceBinaryCrossEntropy, Adversarial = options }.Validate();
    }

    [Fact]
    public void The_epsilon_ramp_grows_linearly_to_the_full_radius()
    {
        var options = new AdversarialTraining { Epsilon = 0.04, RampEpochs = 4 };

        Assert.Equal(0.01, options.AtEpoch(0).Epsilon, 9);
        Assert.Equal(0.03, options.AtEpoch(2).Epsilon, 9);
        Assert.Equal(0.04, options.AtEpoch(3).Epsilon, 9);
        Assert.Equal(0.04, options.AtEpoch(10).Epsilon, 9);
    }

    [Fact]
    public void Options_outside_their_ranges_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Epsilon = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Steps = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Fraction = 1.5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { TradesBeta = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { RampEpochs = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingHyperParameters { Loss = LossKind.MeanSquaredError, Adversarial = new AdversarialTraining { TradesBeta = 1 } }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingHyperParameters { Loss = LossKind.ComponentDiceBinaryCrossEntropy, Adversarial = new AdversarialTraining { TradesBeta = 1 } }.Validate());
    }
}
