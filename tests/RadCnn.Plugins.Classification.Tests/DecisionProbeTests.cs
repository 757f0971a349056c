using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Classification.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// The probe of the reported decision (<see cref="ReportedDecisionNet"/> through the engine's FGSM probe) on two tiny
/// linear "models" whose probabilities are known in closed form: both give logits [a, 0, Σx − 2] for their four inputs,
/// so at x = 0.5 everywhere P(malignant | nodule) is exactly 0.5 and one step of ε moves the malignant logit by 4ε.
/// </summary>
public sealed class DecisionProbeTests
{
    private const float NotNoduleLogit = -2f;

    private static readonly long[] Shape3d = [1, 2, 2];

    private static readonly long[] Shape2d = [4];

    private static float[] Probabilities(float sum)
    {
        var logits = new[] { NotNoduleLogit, 0f, sum - 2 };
        var total = logits.Sum(l => MathF.Exp(l));
        return [.. logits.Select(l => MathF.Exp(l) / total)];
    }

    private static nn.Module<Tensor, Tensor> Tiny()
    {
        var linear = nn.Linear(4, 3);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 }, [3, 4]));
            linear.bias!.copy_(tensor(new[] { NotNoduleLogit, 0f, -2f }));
        }

        return nn.Sequential(nn.Flatten(), linear);
    }

    private static async Task<(RobustnessReport Report, ReportedCall Call)> ProbeAsync(double noduleThreshold, double malignancyThreshold, DecisionObjective objective = DecisionObjective.Call)
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        using var handle = shared.Register(new ModelRegistration("decision", () => new ReportedDecisionNet(Tiny(), Shape3d, Tiny(), Shape2d, noduleThreshold, malignancyThreshold, objective),
            [ReportedDecisionNet.InputLength(Shape3d, Shape2d)], ModelOutputKind.ClassLogits)
        {
            InputRange = (0, 1),
        });
        using var input = full(8, 0.5f);
        var report = await shared.ProbeAsync(handle, input, InferencePriority.Routine, CancellationToken.None);
        using var logits = await shared.InferAsync(handle, input, InferencePriority.Routine, CancellationToken.None);
        using var call = logits.argmax();
        return (report, (ReportedCall)call.item<long>());
    }

    [Fact]
    public async Task AMalignancyThresholdWithinReachFlipsTheCall()
    {
        // Clean P(malignant | nodule) 0.5, just below 0.51: 0.02 per input raises it to sigmoid(0.08) = 0.520, 0.01 only to 0.50997.
        var (report, call) = await ProbeAsync(0.5, 0.51);
        Assert.Equal(ReportedCall.Benign, call);
        Assert.True(report.FlipsAtEpsilon);
        Assert.True(report.Fragile);
        Assert.Equal(0.02, report.SmallestFlippingEpsilon);
    }

    [Fact]
    public async Task AThresholdOutOfReachAtEpsilonDoesNotFlip()
    {
        // 0.6 needs the malignant logit up by 0.405: ε ≥ 0.101 per input, so the ladder's 0.2 flips it and 0.02 does not.
        var (report, call) = await ProbeAsync(0.5, 0.6);
        Assert.Equal(ReportedCall.Benign, call);
        Assert.False(report.FlipsAtEpsilon);
        Assert.False(report.Fragile);
        Assert.Equal(0.2, report.SmallestFlippingEpsilon);
    }

    [Fact]
    public async Task ANoduleThresholdWithinReachLosesTheNodule()
    {
        // P(nodule) falls from its clean value to its value at a malignant logit 0.08 lower; a threshold between them is crossed.
        var clean = NoduleReading.NoduleOf(Probabilities(2), Probabilities(2));
        var attacked = NoduleReading.NoduleOf(Probabilities(2 - 0.08f), Probabilities(2 - 0.08f));
        var (report, call) = await ProbeAsync((clean + attacked) / 2, 0.9);
        Assert.Equal(ReportedCall.Benign, call);
        Assert.True(report.FlipsAtEpsilon);
        // The nodule boundary's own direction finds it too; the malignancy boundary (0.9 against 0.5) is out of reach.
        Assert.True((await ProbeAsync((clean + attacked) / 2, 0.9, DecisionObjective.Nodule)).Report.FlipsAtEpsilon);
        Assert.False((await ProbeAsync((clean + attacked) / 2, 0.9, DecisionObjective.Malignancy)).Report.FlipsAtEpsilon);

        // The same nodule with the threshold below where 0.02 can take it stays reported.
        var (far, _) = await ProbeAsync(attacked - 0.01, 0.9);
        Assert.False(far.FlipsAtEpsilon);
    }

    [Fact]
    public void TheCallIsAsFragileAsItsMostSuccessfulDirection()
    {
        var stable = new RobustnessReport(0.02, false, 0.1, 1, false);
        var flipped = new RobustnessReport(0.02, true, 0.01, 0, true);
        var combined = new DecisionRobustness(stable, stable, flipped).Combined;
        Assert.True(combined.FlipsAtEpsilon);
        Assert.True(combined.Fragile);
        Assert.Equal(0.01, combined.SmallestFlippingEpsilon);
        Assert.Equal(0, combined.Agreement);

        var none = new DecisionRobustness(stable, stable with { SmallestFlippingEpsilon = null }, null).Combined;
        Assert.False(none.FlipsAtEpsilon);
        Assert.False(none.Fragile);
        Assert.Equal(0.1, none.SmallestFlippingEpsilon);
    }

    [Theory]
    [InlineData(0.5, 0.4, 0.5f)]
    [InlineData(0.5, 0.6, 0.5f)]
    [InlineData(0.95, 0.4, 0.5f)]
    [InlineData(0.5, 0.4, 0.1f)]
    [InlineData(0.5, 0.7, 0.9f)]
    public void TheNetworksCallIsThePluginsCall(double noduleThreshold, double malignancyThreshold, float value)
    {
        using var scope = NewDisposeScope();
        using var net = new ReportedDecisionNet(Tiny(), Shape3d, Tiny(), Shape2d, noduleThreshold, malignancyThreshold);
        net.eval();
        var probabilities = Probabilities(4 * value);
        var expected = NoduleReading.CallOf(probabilities, probabilities, noduleThreshold, malignancyThreshold);
        var call = (ReportedCall)net.call(full(1, 8, value)).argmax(1).item<long>();
        Assert.Equal(expected, call);
    }

    [Theory]
    [InlineData(nameof(AttackedInput.Both), true, true)]
    [InlineData(nameof(AttackedInput.Only3d), true, false)]
    [InlineData(nameof(AttackedInput.Only2d), false, true)]
    public void AnAttackOnOneModelLeavesTheOthersInputWithoutGradient(string attacked, bool reaches3d, bool reaches2d)
    {
        // The probe steps each input by the sign of its gradient, so a zero gradient leaves that model's input clean.
        using var scope = NewDisposeScope();
        using var net = new ReportedDecisionNet(Tiny(), Shape3d, Tiny(), Shape2d, 0.5, 0.51, DecisionObjective.Malignancy, Enum.Parse<AttackedInput>(attacked));
        net.eval();
        using var grad = enable_grad();
        var input = full(1, 8, 0.5f).requires_grad_(true);
        var gradient = autograd.grad([net.call(input).select(1, 1).sum()], [input])[0].flatten().data<float>().ToArray();
        Assert.Equal(reaches3d, gradient[..4].Any(g => g != 0));
        Assert.Equal(reaches2d, gradient[4..].Any(g => g != 0));
    }
}
