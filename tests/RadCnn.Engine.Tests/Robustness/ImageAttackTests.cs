using RadCnn.Abstractions.Engine;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Robustness;

/// <summary>
/// The image-to-image probe through the real engine: what the identity, a network that only follows the
/// input's mean, a smoothing filter and a sharpening filter report, and what the perturbations it tries look like.
/// </summary>
public sealed class ImageAttackTests(ITestOutputHelper output)
{
    private const double Epsilon = 0.02;
    private const int Side = 64;

    [Fact]
    public async Task The_identity_reports_epsilon_over_the_inputs_rms()
    {
        await using var engine = new InferenceEngine(TestNets.Options(o => o.FgsmEpsilon = Epsilon));
        using var model = engine.Register(TestNets.Registration("identity", () => nn.Identity(), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(4);
        var report = await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        var expected = Epsilon / Rms(x);
        output.WriteLine($"identity: change {1 - report.Agreement:F4}, epsilon / RMS {expected:F4}");
        Assert.InRange(1 - report.Agreement, 0.95 * expected, 1.001 * expected);
        Assert.Equal(Epsilon, report.Epsilon);
    }

    [Fact]
    public async Task The_same_input_gives_the_same_report()
    {
        // The random start has a fixed seed: a result's robustness figure does not change when it is probed again.
        await using var engine = new InferenceEngine(TestNets.Options(o => o.FgsmEpsilon = Epsilon));
        using var model = engine.Register(TestNets.Registration("smooth", () => new Lambda(Box), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(10);
        var first = await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        var second = await engine.ProbeAsync(model, x, InferencePriority.Background, CancellationToken.None);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_network_that_only_follows_the_inputs_mean_is_not_moved()
    {
        // The energy direction the engine used before gave every pixel +epsilon here, and this network
        // followed the shift: a change of epsilon over the mean (0.04 for a mean of 0.5). A uniform
        // shift is content an honest image network must pass, so the zero-mean attack leaves it still.
        await using var engine = new InferenceEngine(TestNets.Options(o => o.FgsmEpsilon = Epsilon));
        using var model = engine.Register(TestNets.Registration("mean-only", () => new Lambda(v => v.mean([2, 3], keepdim: true).expand_as(v)), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(5);
        var report = await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        output.WriteLine($"mean-only: change {1 - report.Agreement:E2}; a uniform shift would give {Epsilon / x.mean().item<float>():F4}");
        Assert.True(1 - report.Agreement < 1e-4, $"the output moved by {1 - report.Agreement:P3}: the attack was not zero-mean");
        Assert.False(report.Fragile);
    }

    [Fact]
    public async Task Every_perturbation_tried_is_zero_mean_within_epsilon_and_the_range()
    {
        double[] grid = [0.01, 0.05];
        var recorder = new Recorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.FgsmEpsilon = Epsilon;
            o.EpsilonSearchGrid = grid;
        }));
        using var model = engine.Register(TestNets.Registration("recorded-identity", () => recorder, [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(6);
        var clean = x.data<float>().ToArray();
        await engine.ProbeAsync(model, x, InferencePriority.Routine, CancellationToken.None);

        // The epsilons of the search, smallest first, run as one batch.
        var batch = Assert.Single(recorder.Inputs, i => i.Rows == 3);
        double[] epsilons = [0.01, Epsilon, 0.05];
        var pixels = Side * Side;
        for (var row = 0; row < 3; row++)
        {
            var delta = Enumerable.Range(0, pixels).Select(i => (double)batch.Values[(row * pixels) + i] - clean[i]).ToArray();
            var mean = delta.Average();
            var rms = Math.Sqrt(delta.Average(d => d * d));
            output.WriteLine($"epsilon {epsilons[row]}: mean {mean:E2}, RMS {rms:F4}, max |delta| {delta.Max(Math.Abs):F4}");
            Assert.True(Math.Abs(mean) < 1e-3 * epsilons[row], $"mean {mean} at epsilon {epsilons[row]}");
            Assert.True(delta.Max(Math.Abs) <= epsilons[row] + 1e-6);
            Assert.InRange(rms, 0.8 * epsilons[row], epsilons[row]);
            Assert.All(Enumerable.Range(0, pixels), i => Assert.InRange(batch.Values[(row * pixels) + i], 0f, 1f));
        }
    }

    [Fact]
    public async Task A_smoothing_filter_keeps_less_of_the_attack_than_the_identity_but_more_than_of_random_noise()
    {
        // The one-gradient attack finds what a filter passes: for a 5 x 5 mean filter the sign of the
        // low-passed gradient is a blob pattern at the filter's scale, of which about 0.7 passes, while
        // random zero-mean sign noise of the same size is mostly removed (about 0.2 passes).
        await using var engine = new InferenceEngine(TestNets.Options(o => o.FgsmEpsilon = Epsilon));
        using var identity = engine.Register(TestNets.Registration("identity", () => nn.Identity(), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var smoothing = engine.Register(TestNets.Registration("box-5", () => new Lambda(Box), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(7, low: 0.3, high: 0.7);
        var identityChange = 1 - (await engine.ProbeAsync(identity, x, InferencePriority.Routine, CancellationToken.None)).Agreement;
        var smoothed = 1 - (await engine.ProbeAsync(smoothing, x, InferencePriority.Routine, CancellationToken.None)).Agreement;

        // The filter's clean output norm is smaller than the identity's, so compare gains: change × output norm / input norm.
        using var clean = Box(x.unsqueeze(0));
        var gain = smoothed * Norm(clean) / (identityChange * Norm(x));
        var randomGain = RandomNoiseGain(x);
        output.WriteLine($"identity {identityChange:P2}; 5 x 5 mean filter {smoothed:P2} (gain {gain:F2}); random zero-mean sign noise through it: gain {randomGain:F2}");
        Assert.InRange(gain, 0.5, 0.9);
        Assert.True(randomGain < 0.5 * gain, $"random noise gain {randomGain:F2} against the attack's {gain:F2}");
    }

    [Fact]
    public async Task A_sharpening_filter_reports_more_than_the_identity()
    {
        // x + 2 (x - box(x)) amplifies fine structure: an attack made of it grows, so the network is
        // more fragile than doing nothing, and the probe says so.
        await using var engine = new InferenceEngine(TestNets.Options(o => o.FgsmEpsilon = Epsilon));
        using var identity = engine.Register(TestNets.Registration("identity", () => nn.Identity(), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var sharpening = engine.Register(TestNets.Registration("sharpen", () => new Lambda(v => (v * 3) - (Box(v) * 2)), [1, Side, Side], ModelOutputKind.Image) with { InputRange = (0, 1) });
        using var x = Uniform(8, low: 0.3, high: 0.7);
        var identityChange = 1 - (await engine.ProbeAsync(identity, x, InferencePriority.Routine, CancellationToken.None)).Agreement;
        var sharpened = 1 - (await engine.ProbeAsync(sharpening, x, InferencePriority.Routine, CancellationToken.None)).Agreement;
        using var clean = (x.unsqueeze(0) * 3) - (Box(x.unsqueeze(0)) * 2);
        var gain = sharpened * Norm(clean) / (identityChange * Norm(x));
        output.WriteLine($"identity {identityChange:P2}; sharpening {sharpened:P2} (gain {gain:F2})");
        Assert.True(gain > 1.5, $"gain {gain:F2}");
    }

    private static Tensor Uniform(ulong seed, double low = 0, double high = 1)
    {
        using var generator = new Generator(seed);
        return (torch.rand([1, Side, Side], generator: generator) * (high - low)) + low;
    }

    private static double Rms(Tensor x) => Math.Sqrt(x.pow(2).mean().item<float>());

    private static double Norm(Tensor x) => x.norm().item<float>();

    private static Tensor Box(Tensor v)
    {
        using var kernel = full([1, 1, 5, 5], 1f / 25);
        return nn.functional.conv2d(nn.functional.pad(v, [2, 2, 2, 2], PaddingModes.Replicate), kernel);
    }

    // The gain of the filter for ±epsilon noise with its mean removed, by hand.
    private static double RandomNoiseGain(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var noise = torch.randn(x.unsqueeze(0).shape, generator: generator).sign() * Epsilon;
        noise -= noise.mean();
        return Norm(Box(noise)) / Norm(noise);
    }

    private sealed class Lambda(Func<Tensor, Tensor> body) : nn.Module<Tensor, Tensor>("lambda")
    {
        public override Tensor forward(Tensor input) => body(input);
    }

    /// <summary>The identity, keeping a copy of every input it is given without gradients (the clean and perturbed batches).</summary>
    private sealed class Recorder() : nn.Module<Tensor, Tensor>("recorder")
    {
        public List<(long Rows, float[] Values)> Inputs { get; } = [];

        public override Tensor forward(Tensor input)
        {
            if (!torch.is_grad_enabled())
            {
                lock (Inputs)
                {
                    Inputs.Add((input.shape[0], input.data<float>().ToArray()));
                }
            }

            return input.alias();
        }
    }
}
