using RadCnn.Abstractions.Tensors;
using RadCnn.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Training.Tests.Models;

/// <summary>
/// The layout step networks put in their Sequentials: it converts in evaluation mode (in training mode or switched
/// off it passes the tensor on), holds nothing a weight file would store, survives a
/// Sequential disposing what it hands on, and leaves a 3D inception block's output and input gradient unchanged.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ChannelsLastLayerTests
{
    [Fact]
    public void ItConvertsInASequentialAndCanBeSwitchedOff()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(("conv", Conv2d(1, 4, 3, padding: 1)), ("layout", new ChannelsLastLayer()), ("relu", ReLU()));
        net.eval();
        var input = rand(2, 1, 8, 8);
        var converted = net.call(input);
        Assert.True(ChannelsLast.Is(converted));
        ChannelsLastLayer.SetAll(net, false);
        var plain = net.call(input);
        Assert.False(ChannelsLast.Is(plain));
        Assert.True(converted.eq(plain).all().item<bool>());
        Assert.DoesNotContain(net.state_dict().Keys, k => k.StartsWith("layout", StringComparison.Ordinal));
    }

    [Fact]
    public void InTrainingModeItPassesTheTensorOn()
    {
        using var scope = NewDisposeScope();
        using var layer = new ChannelsLastLayer();
        var input = rand(new long[] { 1, 4, 4, 4, 4 });
        layer.train();
        Assert.False(ChannelsLast.Is(layer.call(input)));
        layer.eval();
        Assert.True(ChannelsLast.Is(layer.call(input)));
    }

    [Fact]
    public void A3dInceptionBlockGivesTheSameOutputAndInputGradientInBothLayouts()
    {
        manual_seed(3);
        using var block = new InceptionBlock(6, out1: 4, reduce3: 4, out3: 5, reduce5: 2, out5: 3, outPool: 2, dimensions: 3);
        block.eval();
        using var scope = NewDisposeScope();
        var input = randn(new long[] { 2, 6, 8, 8, 8 });

        (Tensor Output, Tensor Gradient) Run(bool channelsLast)
        {
            ChannelsLastLayer.SetAll(block, channelsLast);
            var x = input.clone().requires_grad_(true);
            var y = block.call(x);
            y.square().sum().backward();
            return (y.detach(), x.grad!.detach());
        }

        var (plainOutput, plainGradient) = Run(channelsLast: false);
        var (lastOutput, lastGradient) = Run(channelsLast: true);
        Assert.NotEmpty(block.modules().OfType<ChannelsLastLayer>());
        Assert.True(lastOutput.allclose(plainOutput, rtol: 1e-5, atol: 1e-5), $"outputs differ by {lastOutput.sub(plainOutput).abs().max().item<float>()}");
        Assert.True(lastGradient.allclose(plainGradient, rtol: 1e-4, atol: 1e-5), $"input gradients differ by {lastGradient.sub(plainGradient).abs().max().item<float>()}");
    }
}
