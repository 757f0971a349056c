using RadCnn.Abstractions.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>
/// A two-level U-Net with a skip connection from input to output (Jin et al. 2017's FBPConvNet idea):
/// it predicts the noise and streaks of filtered back-projection and subtracts them, so what it does
/// not learn passes through unchanged. Pooling gives it a far larger context than the
/// encoder-decoder (streaks are long). Same input scaling as <see cref="ResidualEncoderDecoder"/>;
/// tile sides must be multiples of 4.
/// </summary>
internal sealed class ResidualUNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential down1;
    private readonly Sequential down2;
    private readonly Sequential bottom;
    private readonly ConvTranspose2d up2;
    private readonly Sequential merge2;
    private readonly ConvTranspose2d up1;
    private readonly Sequential merge1;
    private readonly Conv2d head;
    private readonly Sequential? down3;
    private readonly ConvTranspose2d? up3;
    private readonly Sequential? merge3;
    private readonly bool meanCentred;

    /// <param name="channels">Channels of the full-resolution level (doubled per pooling).</param>
    /// <param name="levels">Poolings: 2 (the shipped network) or 3 (twice the receptive field; tile sides a multiple of 8).</param>
    /// <param name="meanCentred">
    /// The noise estimate sees the input minus its own mean (per image), so a uniform offset of the input passes
    /// through exactly (f(x + c) = f(x) + c, as far as the window's clamp allows) whatever the weights: HU honesty
    /// under offsets is then the architecture's, not something adversarial training can unlearn. Same parameters,
    /// so the same weight file format.
    /// </param>
    public ResidualUNet(int channels = 16, int levels = 2, bool meanCentred = false)
        : base("ResidualUNet")
    {
        this.meanCentred = meanCentred;
        if (levels is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "2 or 3 poolings");
        }

        var deepest = channels << levels;
        down1 = Block(1, channels);
        down2 = Block(channels, channels * 2);
        if (levels == 3)
        {
            down3 = Block(channels * 2, channels * 4);
            up3 = nn.ConvTranspose2d(deepest, channels * 4, 2, stride: 2);
            merge3 = Block(channels * 8, channels * 4);
        }

        bottom = Block(deepest >> 1, deepest);
        up2 = nn.ConvTranspose2d(channels * 4, channels * 2, 2, stride: 2);
        merge2 = Block(channels * 4, channels * 2);
        up1 = nn.ConvTranspose2d(channels * 2, channels, 2, stride: 2);
        merge1 = Block(channels * 2, channels);
        head = nn.Conv2d(channels, 1, 1);
        RegisterComponents();
    }

    /// <summary>The first layers, kept when fine-tuning with frozen early layers.</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["down1"];

    /// <summary>
    /// Whether the feature maps run channels-last (<see cref="ChannelsLast"/>): the default, about twice as fast
    /// on the CPU; the same values up to float rounding. Off only to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast { get; set; } = true;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = (meanCentred ? input.sub(input.mean([-2L, -1L], keepdim: true)) : input.sub(KeptScalars.Of(ResidualEncoderDecoder.Centre))).Times(ResidualEncoderDecoder.Gain);
        var s1 = FirstBlock(x);
        var s2 = down2.call(nn.functional.max_pool2d(s1, 2));
        Tensor b;
        if (down3 is null)
        {
            b = bottom.call(nn.functional.max_pool2d(s2, 2));
        }
        else
        {
            var s3 = down3.call(nn.functional.max_pool2d(s2, 2));
            var deep = bottom.call(nn.functional.max_pool2d(s3, 2));
            b = merge3!.call(cat([up3!.call(deep), s3], 1));
        }

        var m2 = merge2.call(cat([up2.call(b), s2], 1));
        var m1 = merge1.call(cat([up1.call(m2), s1], 1));
        var noise = head.call(m1);
        return (input - noise.div(KeptScalars.Of(ResidualEncoderDecoder.Gain))).MoveToOuterDisposeScope();
    }

    // The first block by hand: the layout changes after its first convolution (the one-channel input cannot carry it).
    private Tensor FirstBlock(Tensor x)
    {
        var first = true;
        foreach (var layer in down1.children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
            if (first && UseChannelsLast)
            {
                x = ChannelsLast.Of(x);
            }

            first = false;
        }

        return x;
    }

    // In-place ReLU: a convolution's backward needs its input, not its output, so overwriting the output is safe
    // and saves a pass over every feature map. Parameter-free, so the weight files are unchanged.
    private static Sequential Block(int input, int output) => nn.Sequential(
        nn.Conv2d(input, output, 3, padding: 1),
        nn.ReLU(inplace: true),
        nn.Conv2d(output, output, 3, padding: 1),
        nn.ReLU(inplace: true));
}
