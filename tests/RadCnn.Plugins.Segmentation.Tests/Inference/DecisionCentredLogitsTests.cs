using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Segmentation.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Inference;

/// <summary>
/// The probe's heads centred on the plugin's threshold: the logits move by exactly logit(t), and the engine's FGSM
/// probe then judges the mask the plugin reports. A 1×1 convolution (logit = 30·x − 15) over a slice whose left half
/// sits at probability 0.55 and right half at 0.9: the probe's step of ε = 0.02 moves every logit by 0.6. Cut at 0.5
/// both halves are in the mask and the step pushes the 0.55 half out (agreement 2/3); cut at the plugin's 0.7 only the
/// 0.9 half is in it, and neither half crosses 0.7 (agreement 1).
/// </summary>
public sealed class DecisionCentredLogitsTests
{
    private const int Side = 8;

    [Fact]
    public void TheLogitsMoveByTheThresholdsLogitAndOutOfRangeThresholdsAreRefused()
    {
        using var scope = NewDisposeScope();
        using var head = new DecisionCentredLogits(Linear(), 0.7);
        var x = rand(1, 1, Side, Side);
        using var raw = Linear();

        var moved = head.call(x);

        var expected = raw.call(x).sub(Math.Log(0.7 / 0.3));
        Assert.True(allclose(moved, expected, rtol: 0, atol: 1e-5), "logit − logit(0.7)");
        Assert.Equal(0.7, head.DecisionThreshold);
        using var half = new DecisionCentredLogits(Linear(), 0.5);
        Assert.True(half.call(x).equal(raw.call(x)).all().item<bool>());
        foreach (var t in new[] { 0.0, 1.0, -0.1, double.NaN })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionCentredLogits(Linear(), t));
        }
    }

    [Fact]
    public async Task TheEnginesProbeJudgesTheMaskAtThePluginsThreshold()
    {
        var engine = TestEngine.Create();
        await using var disposing = (IAsyncDisposable)engine;
        using var atHalf = engine.Register(Registration("half", () => Linear()));
        using var atDecision = engine.Register(Registration("decision", () => new DecisionCentredLogits(Linear(), 0.7)));
        using var slice = Slice();

        var half = await engine.ProbeAsync(atHalf, slice, InferencePriority.Routine, CancellationToken.None);
        var decision = await engine.ProbeAsync(atDecision, slice, InferencePriority.Routine, CancellationToken.None);

        Assert.Equal(0.02, half.Epsilon, 9);
        Assert.Equal(2.0 / 3, half.Agreement, 3);
        Assert.Equal(1.0, decision.Agreement, 9);
    }

    private static ModelRegistration Registration(string name, Func<nn.Module<Tensor, Tensor>> factory) =>
        new(name, factory, [1, Side, Side], ModelOutputKind.SegmentationLogits) { InputRange = (0, 1) };

    // logit = 30·x − 15: probability 0.55 at x = 0.5067, 0.9 at x = 0.5732.
    private static nn.Module<Tensor, Tensor> Linear()
    {
        var conv = nn.Conv2d(1, 1, 1);
        using (no_grad())
        {
            conv.weight!.fill_(30);
            conv.bias!.fill_(-15);
        }

        return conv;
    }

    private static Tensor Slice()
    {
        static double At(double p) => 0.5 + (Math.Log(p / (1 - p)) / 30);
        var pixels = new float[Side * Side];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)(i % Side < Side / 2 ? At(0.55) : At(0.9));
        }

        return tensor(pixels, [1, Side, Side]);
    }
}
