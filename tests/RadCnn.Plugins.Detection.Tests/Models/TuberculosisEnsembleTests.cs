using RadCnn.Plugins.Detection.Models;
using RadCnn.TestSupport;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection.Tests.Models;

/// <summary>
/// Both members run their feature maps channels-last by default; on the committed weights each output (the
/// ensemble and either member alone) is the default layout's, and so is the input gradient, up to float rounding;
/// training keeps the default layout bit for bit.
/// </summary>
[Collection(SeededForwardCollection.Name)]
public sealed class TuberculosisEnsembleTests
{
    [Theory]
    [InlineData((int)EnsembleOutput.Ensemble)]
    [InlineData((int)EnsembleOutput.AlexNet)]
    [InlineData((int)EnsembleOutput.Inception)]
    public void ChannelsLastFeatureMapsGiveTheSameOutputAndInputGradient(int output)
    {
        using var scope = NewDisposeScope();
        using var net = ModuleWeights.Load(new TuberculosisEnsemble((EnsembleOutput)output), File.ReadAllBytes(Repository.Weights));
        Assert.True(net.UseChannelsLast);
        manual_seed(5);
        var input = rand(4, 1, 96, 96);
        net.eval();
        var (plainOutput, plainGradient) = Run(net, input, channelsLast: false);
        var (lastOutput, lastGradient) = Run(net, input, channelsLast: true);
        Assert.Null(LayoutComparison.WithinRounding(plainOutput, lastOutput, plainGradient, lastGradient));

        // Training keeps the default layout: the same dropout masks give the same outputs and first-layer gradient.
        net.train();
        var (plainTrained, plainWeightGradient) = Run(net, input, channelsLast: false);
        var (lastTrained, lastWeightGradient) = Run(net, input, channelsLast: true);
        Assert.Null(LayoutComparison.Identical(plainTrained, lastTrained, plainWeightGradient, lastWeightGradient));
    }

    // The input gradient in evaluation mode (what FGSM and Grad-CAM use); in training mode the first layer's weight
    // gradient, what the optimiser uses.
    private static (Tensor Output, Tensor Gradient) Run(TuberculosisEnsemble net, Tensor input, bool channelsLast)
    {
        net.UseChannelsLast = channelsLast;
        net.zero_grad();
        manual_seed(7); // the same dropout masks (and acquisition jitter) in both runs
        var x = input.clone().requires_grad_(true);
        var y = net.call(x);
        y.square().sum().backward();
        return (y.detach(), net.training ? net.parameters().First(p => p.grad is not null).grad!.clone() : x.grad!.detach());
    }
}
