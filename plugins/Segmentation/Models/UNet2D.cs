using RadCnn.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>
/// A small 2D U-Net (Ronneberger et al., the review's slice-wise system): four levels (c, 2c, 4c, 8c
/// channels), two 3×3 convolutions with batch norm and ReLU per level, max-pool down, transposed
/// convolution up, skip connections by concatenation, and two logits per pixel (uterus, tumour). The
/// input holds <see cref="InputPlanes"/> slices as channels: 1 for 2D, 3 (the slice and its
/// neighbours) for 2.5D.
/// </summary>
/// <remarks>
/// Two layouts: [batch, planes, S, S] in, [batch, 2, S, S] out (inference); or, as the shared trainer
/// feeds it, [batch, ⌈planes/2⌉, 2S, S] in (two planes per channel, the top and bottom halves) and
/// [batch, 1, 2S, S] out (uterus above tumour), because the trainer's targets are one map per sample.
/// </remarks>
internal sealed class UNet2D : nn.Module<Tensor, Tensor>
{
    private readonly Sequential enc1;
    private readonly Sequential enc2;
    private readonly Sequential enc3;
    private readonly Sequential bottom;
    private readonly ConvTranspose2d up3;
    private readonly Sequential dec3;
    private readonly ConvTranspose2d up2;
    private readonly Sequential dec2;
    private readonly ConvTranspose2d up1;
    private readonly Sequential dec1;
    private readonly Conv2d head;

    public UNet2D(int inputPlanes, int baseChannels)
        : base(nameof(UNet2D))
    {
        InputPlanes = inputPlanes;
        var c = baseChannels;
        enc1 = Block(inputPlanes, c, channelsLastAfterFirstConvolution: true);
        enc2 = Block(c, 2 * c);
        enc3 = Block(2 * c, 4 * c);
        bottom = Block(4 * c, 8 * c);
        up3 = nn.ConvTranspose2d(8 * c, 4 * c, 2, stride: 2);
        dec3 = Block(8 * c, 4 * c);
        up2 = nn.ConvTranspose2d(4 * c, 2 * c, 2, stride: 2);
        dec2 = Block(4 * c, 2 * c);
        up1 = nn.ConvTranspose2d(2 * c, c, 2, stride: 2);
        dec1 = Block(2 * c, c);
        head = nn.Conv2d(c, 2, 1);
        RegisterComponents();
    }

    public int InputPlanes { get; }

    /// <summary>
    /// Whether inference runs the feature maps channels-last (after the first convolution,
    /// <see cref="ChannelsLastLayer"/>; the 2D convolutions, batch norm, pooling, transposed convolutions and
    /// concatenations after it keep it): the default, faster on the CPU; the same values up to float rounding. Training
    /// keeps the default layout (<see cref="ChannelsLastLayer"/> converts in evaluation mode only). Off only to compare
    /// the two layouts.
    /// </summary>
    internal bool UseChannelsLast
    {
        get => modules().OfType<ChannelsLastLayer>().All(layer => layer.Enabled);
        set => ChannelsLastLayer.SetAll(this, value);
    }

    /// <summary>Channels of the training layout: two planes per channel.</summary>
    public static int PackedChannels(int planes) => (planes + 1) / 2;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var packed = input.shape[2] == 2 * input.shape[3];
        var x = packed ? Unpack(input) : input;
        var e1 = enc1.call(x);
        var e2 = enc2.call(nn.functional.max_pool2d(e1, [2, 2]));
        var e3 = enc3.call(nn.functional.max_pool2d(e2, [2, 2]));
        var b = bottom.call(nn.functional.max_pool2d(e3, [2, 2]));
        var d3 = dec3.call(cat([up3.call(b), e3], 1));
        var d2 = dec2.call(cat([up2.call(d3), e2], 1));
        var d1 = dec1.call(cat([up1.call(d2), e1], 1));
        // Back to the default layout (two channels, a cheap copy): callers read the logits' memory in that order.
        var logits = head.call(d1).contiguous();
        var output = packed ? cat([logits.narrow(1, 0, 1), logits.narrow(1, 1, 1)], 2) : logits;
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>[batch, ⌈planes/2⌉, 2S, S] to [batch, planes, S, S].</summary>
    private Tensor Unpack(Tensor input)
    {
        var side = input.shape[3];
        var planes = new List<Tensor>();
        for (var c = 0; c < input.shape[1]; c++)
        {
            planes.Add(input.narrow(1, c, 1).narrow(2, 0, side));
            planes.Add(input.narrow(1, c, 1).narrow(2, side, side));
        }

        return cat(planes.Take(InputPlanes).ToList(), 1);
    }

    // The first block converts after its first convolution: the slices as channels (1 or 3 planes) are too few to
    // gain from the layout, and everything after it keeps it.
    private static Sequential Block(int input, int output, bool channelsLastAfterFirstConvolution = false) => nn.Sequential(
        [
            ("conv0", nn.Conv2d(input, output, 3, padding: 1, bias: false)),
            .. channelsLastAfterFirstConvolution ? [("layout0", new ChannelsLastLayer())] : Array.Empty<(string, nn.Module<Tensor, Tensor>)>(),
            ("norm0", KeptBatchNorm.BatchNorm2d(output)),
            ("relu0", nn.ReLU(inplace: true)),
            ("conv1", nn.Conv2d(output, output, 3, padding: 1, bias: false)),
            ("norm1", KeptBatchNorm.BatchNorm2d(output)),
            ("relu1", nn.ReLU(inplace: true)),
        ]);
}

/// <summary>One of the two output channels of a <see cref="UNet2D"/> (0 uterus, 1 tumour), so the engine's probe measures each segment on its own.</summary>
internal sealed class UNet2DChannel : nn.Module<Tensor, Tensor>
{
    private readonly UNet2D net;
    private readonly int channel;

    public UNet2DChannel(UNet2D net, int channel)
        : base(nameof(UNet2DChannel))
    {
        this.net = net;
        this.channel = channel;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return net.call(input).narrow(1, channel, 1).MoveToOuterDisposeScope();
    }
}
