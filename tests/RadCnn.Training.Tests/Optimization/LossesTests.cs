using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Optimization;

/// <summary>
/// The L1 + gradient-difference restoration loss against values worked by hand, and the property it
/// exists for: a step smoothed into a ramp costs more than under mean absolute error alone.
/// </summary>
public class LossesTests
{
    [Fact]
    public void MatchesTheHandWorkedSumOfTheAbsoluteErrorAndItsDifferences()
    {
        using var scope = NewDisposeScope();
        // Error [[1, 0], [0, 0]]: mean |e| = 1/4; x differences [[-1], [0]]: mean 1/2; y differences [[-1, 0]]: mean 1/2.
        var target = zeros(1, 1, 2, 2);
        var output = tensor(new float[] { 1, 0, 0, 0 }, [1, 1, 2, 2]);
        var loss = Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, output, target).item<float>();
        Assert.Equal(1.25f, loss, 5);
        Assert.Equal(0f, Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, target, target).item<float>());
    }

    [Fact]
    public void ASmoothedStepCostsMoreThanItsAbsoluteErrorAlone()
    {
        using var scope = NewDisposeScope();
        // A row 0 0 0 0 1 1 1 1 and the same step spread over a ramp (the edge a denoiser blurs).
        var step = tensor(new float[] { 0, 0, 0, 0, 1, 1, 1, 1 }, [1, 1, 1, 8]);
        var ramp = tensor(new float[] { 0, 0, 0, 0.25f, 0.75f, 1, 1, 1 }, [1, 1, 1, 8]);
        var l1 = nn.functional.l1_loss(ramp, step).item<float>();
        var withGradient = Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, ramp, step).item<float>();
        // error 0 0 0 0.25 -0.25 0 0 0, its x differences 0 0 0.25 -0.5 0.25 0 0 (sum 1 over 7); a single row has no y differences.
        Assert.Equal(l1 + (1.0f / 7), withGradient, 5);
    }
}
