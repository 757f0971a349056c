using RadCnn.Plugins.Classification.Models;
using RadCnn.TestSupport;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests.Models;

/// <summary>
/// The multi-view stream runs its feature maps channels-last by default; on the committed weights that gives the
/// default layout's logits and input gradient up to float rounding, in evaluation mode; training keeps the default layout bit for bit.
/// </summary>
[Collection(SeededForwardCollection.Name)]
public sealed class MultiView2dNetTests
{
    [Fact]
    public void ChannelsLastFeatureMapsGiveTheSameOutputAndInputGradient()
    {
        using var scope = NewDisposeScope();
        using var net = (MultiView2dNet)ModelLoader.Load2d(File.ReadAllBytes(Path.Combine(Repository.ModelFolder, "nodule-2d.bin")));
        Assert.True(net.UseChannelsLast);
        manual_seed(5);
        var input = rand(4, 3, 32, 32);
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

    // The input gradient in evaluation mode (what FGSM and Grad-CAM use); the first layer's weight gradient in
    // training mode (what the optimiser uses; the acquisition jitter there does not pass a gradient to the input).
    private static (Tensor Output, Tensor Gradient) Run(MultiView2dNet net, Tensor input, bool channelsLast)
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
