using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests.Models;

/// <summary>Two layouts' outputs and gradients: equal up to float rounding (another summation order), or bit for bit.</summary>
internal static class LayoutAssert
{
    public static void Same(Tensor plainOutput, Tensor lastOutput, Tensor plainGradient, Tensor lastGradient)
    {
        Assert.Equal(plainOutput.shape, lastOutput.shape);
        var outputScale = Math.Max(1.0, plainOutput.abs().max().item<float>());
        var outputDifference = lastOutput.sub(plainOutput).abs().max().item<float>();
        Assert.True(outputDifference <= 2e-5 * outputScale, $"outputs differ by {outputDifference} (largest |output| {outputScale})");
        var gradientScale = plainGradient.abs().max().item<float>();
        Assert.True(gradientScale > 0, "the gradient is zero: the comparison would prove nothing");
        var gradientDifference = lastGradient.sub(plainGradient).abs().max().item<float>();
        Assert.True(gradientDifference <= 1e-4 * gradientScale, $"gradients differ by {gradientDifference} (largest {gradientScale})");
    }

    public static void Identical(Tensor plainOutput, Tensor lastOutput, Tensor plainGradient, Tensor lastGradient)
    {
        Assert.True(lastOutput.eq(plainOutput).all().item<bool>(), "the outputs differ");
        Assert.True(lastGradient.eq(plainGradient).all().item<bool>(), "the gradients differ");
    }
}
