using RadCnn.Abstractions.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>
/// A small residual encoder-decoder in the manner of RED-CNN (Chen et al. 2017): four unpadded 3×3
/// convolutions shrink the patch, four transposed convolutions grow it back, shortcuts join
/// encoder and decoder of the same size, and the input is added to the output, so the network learns
/// the noise to remove rather than the image. Inputs are HU windowed to [0, 1] (−1000 to 3000 HU); a
/// fixed affine map inside brings soft tissue near zero and noise near unit scale, and maps back.
/// </summary>
internal sealed class ResidualEncoderDecoder : nn.Module<Tensor, Tensor>
{
    /// <summary>Soft tissue (about 40 HU) in input units: (40 + 1000) / 4000.</summary>
    internal const double Centre = 0.26;

    /// <summary>Input units to internal units: 50 HU of noise becomes about 0.25.</summary>
    internal const double Gain = 20;

    private readonly Conv2d encode1;
    private readonly Conv2d encode2;
    private readonly Conv2d encode3;
    private readonly Conv2d encode4;
    private readonly ConvTranspose2d decode4;
    private readonly ConvTranspose2d decode3;
    private readonly ConvTranspose2d decode2;
    private readonly ConvTranspose2d decode1;

    public ResidualEncoderDecoder(int channels = 16)
        : base("RedCnn")
    {
        encode1 = nn.Conv2d(1, channels, 3);
        encode2 = nn.Conv2d(channels, channels, 3);
        encode3 = nn.Conv2d(channels, channels, 3);
        encode4 = nn.Conv2d(channels, channels, 3);
        decode4 = nn.ConvTranspose2d(channels, channels, 3);
        decode3 = nn.ConvTranspose2d(channels, channels, 3);
        decode2 = nn.ConvTranspose2d(channels, channels, 3);
        decode1 = nn.ConvTranspose2d(channels, 1, 3);
        RegisterComponents();
    }

    /// <summary>The first layers, kept when fine-tuning with frozen early layers.</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["encode1", "encode2"];

    /// <summary>
    /// Whether the feature maps run channels-last after the first convolution (<see cref="ChannelsLast"/>): the
    /// default, faster on the CPU; the same values up to float rounding. Off only to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast { get; set; } = true;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.sub(KeptScalars.Of(Centre)).Times(Gain);
        var e1 = nn.functional.relu(encode1.call(x));
        if (UseChannelsLast)
        {
            e1 = ChannelsLast.Of(e1);
        }

        var e2 = nn.functional.relu(encode2.call(e1));
        var e3 = nn.functional.relu(encode3.call(e2));
        var e4 = nn.functional.relu(encode4.call(e3));
        var d3 = nn.functional.relu(decode4.call(e4).Plus(e3));
        var d2 = nn.functional.relu(decode3.call(d3));
        var d1 = nn.functional.relu(decode2.call(d2).Plus(e1));
        var noise = decode1.call(d1);
        return (input - noise.div(KeptScalars.Of(Gain))).MoveToOuterDisposeScope();
    }
}
