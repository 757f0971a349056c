using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tests.Tensors;

/// <summary>
/// The channels-last layout: same shape and values, channel stride 1, no copy when the tensor already has it, and
/// kept by the 2D operations a network chains after it (what the speed of a converted network depends on).
/// </summary>
public sealed class ChannelsLastTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void ItKeepsShapeAndValuesAndPutsTheChannelsInnermost(int rank)
    {
        using var scope = NewDisposeScope();
        var x = rank == 4 ? rand(2, 3, 5, 7) : rand(new long[] { 2, 3, 4, 5, 6 });
        var y = ChannelsLast.Of(x);
        Assert.Equal(x.shape, y.shape);
        Assert.True(x.eq(y).all().item<bool>());
        Assert.False(ChannelsLast.Is(x));
        Assert.True(ChannelsLast.Is(y));
        Assert.Equal(1, y.stride(1));
        Assert.Equal(y.shape[1], y.stride(rank - 1));
    }

    [Fact]
    public void ATensorAlreadyChannelsLastIsNotCopied()
    {
        using var scope = NewDisposeScope();
        var y = ChannelsLast.Of(rand(1, 4, 6, 6));
        var z = ChannelsLast.Of(y);
        z.zero_();
        Assert.Equal(0, y.abs().sum().item<float>());
    }

    [Fact]
    public void OtherRanksAreReturnedAsTheyAre()
    {
        using var scope = NewDisposeScope();
        var x = rand(3, 4, 5);
        Assert.Same(x, ChannelsLast.Of(x));
        Assert.False(ChannelsLast.Is(x));
    }

    [Fact]
    public void ConvolutionPoolingAndConcatenationKeepTheLayout()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var conv = nn.Conv2d(4, 8, 3, padding: 1);
        using var conv3d = nn.Conv3d(4, 8, 3, padding: 1);
        var x = ChannelsLast.Of(rand(1, 4, 16, 16));
        var y = conv.call(x).relu_();
        Assert.True(ChannelsLast.Is(y));
        Assert.True(ChannelsLast.Is(nn.functional.max_pool2d(y, 2)));
        Assert.True(ChannelsLast.Is(cat([y, y], 1)));
        // A 3D convolution takes a channels-last input; its output comes back in the default layout (libtorch 2.x on
        // the CPU), which is why the type's documentation says to convert before each 3D convolution.
        var volume = rand(new long[] { 1, 4, 16, 16, 16 });
        Assert.True(conv3d.call(ChannelsLast.Of(volume)).allclose(conv3d.call(volume), rtol: 1e-5, atol: 1e-6));
        Assert.True(conv.call(x).allclose(conv.call(x.contiguous()), rtol: 1e-5, atol: 1e-6));
    }
}
