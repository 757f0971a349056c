using RadCnn.Plugins.Segmentation.Models;
using RadCnn.TestSupport;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Models;

/// <summary>
/// The uterus networks infer with channels-last feature maps by default; on the committed weights that gives the
/// default layout's logits and input gradient up to float rounding. Training (the trainer's packed layout, batch
/// statistics) keeps the default layout bit for bit.
/// </summary>
public sealed class UNet2DTests
{
    [Theory]
    [InlineData("uterus", 3, 128)]
    [InlineData("uterus-2d", 1, 128)]
    [InlineData("uterus-tumour", 3, 64)]
    public void ChannelsLastInferenceGivesTheSameOutputAndInputGradient(string network, int planes, int size)
    {
        using var scope = NewDisposeScope();
        using var net = UNet2DLoader.Load(planes, Path.Combine(Repository.ModelFolder, network, "model.bin"));
        Assert.True(net.UseChannelsLast);
        var input = rand(2, planes, size, size);
        net.eval();
        var (plainOutput, plainGradient) = Run(net, input, channelsLast: false);
        var (lastOutput, lastGradient) = Run(net, input, channelsLast: true);
        Assert.Null(LayoutComparison.WithinRounding(plainOutput, lastOutput, plainGradient, lastGradient));
    }

    [Fact]
    public void TrainingKeepsTheDefaultLayout()
    {
        using var scope = NewDisposeScope();
        using var net = UNet2DLoader.Load(3, Path.Combine(Repository.ModelFolder, "uterus", "model.bin"));
        var packed = rand(2, UNet2D.PackedChannels(3), 256, 128);
        net.train();
        var (plainOutput, plainGradient) = Run(net, packed, channelsLast: false);
        var (lastOutput, lastGradient) = Run(net, packed, channelsLast: true);
        Assert.Null(LayoutComparison.Identical(plainOutput, lastOutput, plainGradient, lastGradient));
    }

    private static (Tensor Output, Tensor Gradient) Run(UNet2D net, Tensor input, bool channelsLast)
    {
        net.UseChannelsLast = channelsLast;
        var x = input.clone().requires_grad_(true);
        var y = net.call(x);
        y.square().sum().backward();
        return (y.detach(), x.grad!.detach());
    }
}
