using RadCnn.Abstractions.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Robustness;

public sealed class RobustnessProbeTests
{
    private static readonly double[] Grid = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];

    // Linear end to end (no activation), so FGSM's first-order step is exact and a large enough epsilon
    // certainly flips the decision; with a ReLU a flip is only likely, and the test would be a gamble.
    private static nn.Module<Tensor, Tensor> BrightnessNet() => nn.Sequential(
        ("conv", nn.Conv2d(1, 4, 3, padding: 1)),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("head", nn.Linear(4, 2)));

    [Fact]
    public async Task Fgsm_flips_a_trained_classifier_at_some_epsilon_and_not_at_zero()
    {
        using var dir = new TestSupport.TempDirectory();
        var weights = dir.Combine("brightness.bin");
        torch.manual_seed(1); // initial weights from the global generator: the same trained network every run
        using (var net = BrightnessNet())
        {
            TinyTrainer.Train(net, g => TinyTrainer.Brightness(g), steps: 150, learningRate: 0.02, seed: 1);
            Assert.True(TinyTrainer.Accuracy(net, g => TinyTrainer.Brightness(g, 256), 2) > 0.95);
            net.save(weights);
        }

        var registration = TestNets.Registration("brightness", () => Load(weights), [1, 16, 16]) with { InputRange = (-1, 1) };
        using var generator = new Generator(5);
        var (xs, ys) = TinyTrainer.Brightness(generator, 8);
        using var sample = xs[ys.argmax()].clone(); // a class-1 sample
        xs.Dispose();
        ys.Dispose();

        RobustnessReport nearZero;
        await using (var engine = new InferenceEngine(TestNets.Options(o => { o.FgsmEpsilon = 1e-6; o.EpsilonSearchGrid = Grid; })))
        {
            using var model = engine.Register(registration);
            nearZero = await engine.ProbeAsync(model, sample, InferencePriority.Routine, CancellationToken.None);
        }

        Assert.False(nearZero.FlipsAtEpsilon);
        Assert.Equal(1.0, nearZero.Agreement);
        Assert.False(nearZero.Fragile);
        Assert.NotNull(nearZero.SmallestFlippingEpsilon);
        var smallest = nearZero.SmallestFlippingEpsilon!.Value;
        Assert.InRange(smallest, 0.05, 1.0);

        // Check the claim independently: FGSM by hand at the reported epsilon flips the label, the grid step below does not.
        using var reference = Load(weights);
        Assert.NotEqual(Label(reference, sample), Label(reference, Fgsm(reference, sample, smallest)));
        var below = Grid.Where(e => e < smallest).DefaultIfEmpty(0).Max();
        Assert.Equal(Label(reference, sample), Label(reference, Fgsm(reference, sample, below)));

        await using (var engine = new InferenceEngine(TestNets.Options(o => { o.FgsmEpsilon = 1.0; o.EpsilonSearchGrid = Grid; })))
        {
            using var model = engine.Register(registration);
            var large = await engine.ProbeAsync(model, sample, InferencePriority.Stat, CancellationToken.None);
            Assert.True(large.FlipsAtEpsilon);
            Assert.True(large.Fragile);
            Assert.Equal(0.0, large.Agreement);
            Assert.Equal(smallest, large.SmallestFlippingEpsilon);
        }
    }

    [Fact]
    public async Task Segmentation_agreement_is_the_dice_of_clean_and_perturbed_masks()
    {
        // Foreground where the pixel is positive: FGSM pushes every pixel towards 0, so pixels with |x| < eps flip
        // and Dice = 2 P(x > eps) for x ~ N(0, 1): about 0.98 at 0.01, 0.62 at 0.5, 0.32 at 1.
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.FgsmEpsilon = 0.01;
            o.EpsilonSearchGrid = [0.01, 0.1, 0.5, 1.0, 2.0];
        }));
        using var model = engine.Register(TestNets.Registration("threshold-seg", () => Pointwise(new float[] { 0, 1 }, 2), [1, 64, 64], ModelOutputKind.SegmentationLogits));
        using var x = TestNets.RandomInput(3, 1, 64, 64);
        var report = await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        Assert.InRange(report.Agreement, 0.95, 1.0);
        Assert.False(report.FlipsAtEpsilon);
        Assert.Equal(1.0, report.SmallestFlippingEpsilon);
    }

    [Fact]
    public async Task Image_agreement_is_one_minus_the_relative_change()
    {
        // An identity network: the zero-mean attack moves every pixel by about ±eps, so the relative change is about eps / RMS = eps.
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.FgsmEpsilon = 0.1;
            o.FragilityThreshold = 0.95;
        }));
        using var model = engine.Register(TestNets.Registration("identity", () => Pointwise(new float[] { 1 }, 1), [1, 64, 64], ModelOutputKind.Image));
        using var x = TestNets.RandomInput(4, 1, 64, 64);
        var report = await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        Assert.InRange(report.Agreement, 0.88, 0.92);
        Assert.False(report.FlipsAtEpsilon);
        Assert.True(report.Fragile); // agreement below the threshold, though the image did not "flip"
    }

    private static nn.Module<Tensor, Tensor> Load(string path)
    {
        var net = BrightnessNet();
        net.load(path);
        return net;
    }

    private static nn.Module<Tensor, Tensor> Pointwise(float[] weights, int channels)
    {
        var conv = nn.Conv2d(1, channels, 1);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(weights).reshape(channels, 1, 1, 1));
            conv.bias!.zero_();
        }

        return nn.Sequential(("conv", conv));
    }

    private static long Label(nn.Module<Tensor, Tensor> net, Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return net.call(x.unsqueeze(0)).argmax(1).item<long>();
    }

    private static Tensor Fgsm(nn.Module<Tensor, Tensor> net, Tensor x, double epsilon)
    {
        using var scope = NewDisposeScope();
        var input = x.unsqueeze(0).clone().requires_grad_(true);
        var logits = net.call(input);
        var loss = nn.functional.cross_entropy(logits, logits.argmax(1));
        loss.backward();
        return (x + (input.grad!.squeeze(0).sign() * epsilon)).clamp(-1, 1).MoveToOuterDisposeScope();
    }
}
