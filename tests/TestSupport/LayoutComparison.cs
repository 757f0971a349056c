using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.TestSupport;

/// <summary>
/// Two layouts' outputs and input gradients compared for the plugins' layout tests: null when they agree (up to float
/// rounding of another summation order, or bit for bit), else what differs, for the test's assertion message.
/// </summary>
public static class LayoutComparison
{
    /// <summary>
    /// Outputs within 2e-5 of the largest |output| (at least 1) and input gradients within 2% in L2 norm. The gradient of a
    /// ReLU network is piecewise constant in its pre-activations: another summation order moves a pre-activation that lies
    /// within rounding of zero to the other side, and the gradient then takes another path for a patch of the input (on
    /// the uterus networks with random inputs, about one draw in twenty: up to 8% of the elements off by up to 2% of the
    /// largest gradient, 0.35% in L2), while the outputs stay within rounding. A layout error moves both by far more.
    /// </summary>
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

        var relative = lastGradient.sub(plainGradient).norm().item<float>() / plainGradient.norm().item<float>();
        return relative > 2e-2 ? $"gradients differ by {relative:E2} of their L2 norm (largest |gradient| {gradientScale})" : null;
    }

    /// <summary>
    /// A network in both layouts on <paramref name="input"/>: in evaluation mode the outputs and input gradients (what
    /// FGSM and Grad-CAM use) within rounding, in training mode the outputs and the first layer's weight gradient (what
    /// the optimiser uses) bit for bit, libtorch's generator seeded alike for each pass (the same dropout masks and
    /// jitter). <paramref name="useChannelsLast"/> switches the network's layout. Null, or what differs.
    /// </summary>
    public static string? InBothModes(nn.Module<Tensor, Tensor> network, Tensor input, Action<bool> useChannelsLast)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(useChannelsLast);
        network.eval();
        var (plainOutput, plainGradient) = Run(network, input, useChannelsLast, channelsLast: false);
        var (lastOutput, lastGradient) = Run(network, input, useChannelsLast, channelsLast: true);
        if (WithinRounding(plainOutput, lastOutput, plainGradient, lastGradient) is { } evaluation)
        {
            return "evaluation mode: " + evaluation;
        }

        network.train();
        var (plainTrained, plainWeightGradient) = Run(network, input, useChannelsLast, channelsLast: false);
        var (lastTrained, lastWeightGradient) = Run(network, input, useChannelsLast, channelsLast: true);
        return Identical(plainTrained, lastTrained, plainWeightGradient, lastWeightGradient) is { } training ? "training mode: " + training : null;
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

    private static (Tensor Output, Tensor Gradient) Run(nn.Module<Tensor, Tensor> network, Tensor input, Action<bool> useChannelsLast, bool channelsLast)
    {
        useChannelsLast(channelsLast);
        network.zero_grad();
        manual_seed(7);
        var x = input.clone().requires_grad_(true);
        var y = network.call(x);
        y.square().sum().backward();
        return (y.detach(), network.training ? network.parameters().First(p => p.grad is not null).grad!.clone() : x.grad!.detach());
    }
}
