using static TorchSharp.torch;

namespace RadCnn.TestSupport;

/// <summary>
/// Two layouts' outputs and input gradients compared for the plugins' layout tests: null when they agree (up to float
/// rounding of another summation order, or bit for bit), else what differs, for the test's assertion message.
/// </summary>
public static class LayoutComparison
{
    /// <summary>Outputs within 2e-5 of the largest |output| (at least 1) and gradients within 1e-4 of the largest gradient.</summary>
    public static string? WithinRounding(Tensor plainOutput, Tensor lastOutput, Tensor plainGradient, Tensor lastGradient)
    {
        ArgumentNullException.ThrowIfNull(plainOutput);
        ArgumentNullException.ThrowIfNull(lastOutput);
        ArgumentNullException.ThrowIfNull(plainGradient);
        ArgumentNullException.ThrowIfNull(lastGradient);
        if (!plainOutput.shape.SequenceEqual(lastOutput.shape))
        {
            return $"the output shapes differ: [{string.Join(", ", plainOutput.shape)}] and [{string.Join(", ", lastOutput.shape)}]";
        }

        var outputScale = Math.Max(1.0, plainOutput.abs().max().item<float>());
        var outputDifference = lastOutput.sub(plainOutput).abs().max().item<float>();
        if (outputDifference > 2e-5 * outputScale)
        {
            return $"outputs differ by {outputDifference} (largest |output| {outputScale})";
        }

        var gradientScale = plainGradient.abs().max().item<float>();
        if (!(gradientScale > 0))
        {
            return "the gradient is zero: the comparison would prove nothing";
        }

        var gradientDifference = lastGradient.sub(plainGradient).abs().max().item<float>();
        return gradientDifference > 1e-4 * gradientScale ? $"gradients differ by {gradientDifference} (largest {gradientScale})" : null;
    }

    /// <summary>Outputs and gradients equal bit for bit.</summary>
    public static string? Identical(Tensor plainOutput, Tensor lastOutput, Tensor plainGradient, Tensor lastGradient)
    {
        ArgumentNullException.ThrowIfNull(plainOutput);
        ArgumentNullException.ThrowIfNull(plainGradient);
        return !plainOutput.eq(lastOutput).all().item<bool>() ? "the outputs differ"
            : !plainGradient.eq(lastGradient).all().item<bool>() ? "the gradients differ"
            : null;
    }
}
