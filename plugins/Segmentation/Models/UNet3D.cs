using RadCnn.Abstractions.Tensors;
using RadCnn.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>
/// A small 3D U-Net (Çiçek et al.; the review's V-Net-style volumetric extension): four levels
/// (c, 2c, 4c, 8c channels), 3×3×3 convolutions with batch norm and ReLU, max-pool down, transposed
/// convolution up, skip connections by concatenation, and one logit per voxel.
/// </summary>
/// <remarks>
/// Fully convolutional: any depth, height and width divisible by 8 works in 5D ([batch, 1, D, H, W]).
/// With <c>refineFullResolution</c> the finest level gets two residual blocks more (two 3×3×3 convolutions
/// each, after the encoder's and after the decoder's convolution), whose last batch norm starts at zero scale, so
/// the network starts as the one without them (the shipped weights load into it and give the same logits) and the
/// full-resolution path grows from one convolution to three on each side: a 10-20 mm mass is 4-8 voxels of the
/// 2.5 mm grid and vanishes below the second level, so what tells it from a vessel's cross-section must be
/// computed there.
/// The shared trainer feeds 2D-shaped samples, so a 4D input [batch, 1, D·H, W] is read as a stack of
/// <see cref="PatchDepth"/> slices and the output is returned in the same 4D layout.
/// </remarks>
internal sealed class UNet3D : nn.Module<Tensor, Tensor>
{
    private readonly Sequential enc1;
    private readonly Sequential enc2;
    private readonly Sequential enc3;
    private readonly Sequential bottom;
    private readonly ConvTranspose3d up3;
    private readonly Sequential dec3;
    private readonly ConvTranspose3d up2;
    private readonly Sequential dec2;
    private readonly ConvTranspose3d up1;
    private readonly Sequential dec1;
    private readonly Conv3d head;
    private readonly Sequential? refineEncoder;
    private readonly Sequential? refineDecoder;

    public UNet3D(int patchDepth, int baseChannels = 8, bool refineFullResolution = false)
        : base(nameof(UNet3D))
    {
        PatchDepth = patchDepth;
        RefinesFullResolution = refineFullResolution;
        var c = baseChannels;
        enc1 = Block(1, c, 1);
        enc2 = Block(c, 2 * c, 2);
        enc3 = Block(2 * c, 4 * c, 2);
        bottom = Block(4 * c, 8 * c, 2);
        up3 = nn.ConvTranspose3d(8 * c, 4 * c, 2, stride: 2);
        dec3 = Block(8 * c, 4 * c, 1);
        up2 = nn.ConvTranspose3d(4 * c, 2 * c, 2, stride: 2);
        dec2 = Block(4 * c, 2 * c, 1);
        up1 = nn.ConvTranspose3d(2 * c, c, 2, stride: 2);
        dec1 = Block(2 * c, c, 1);
        head = nn.Conv3d(c, 1, 1);
        if (refineFullResolution)
        {
            refineEncoder = ResidualBlock(c);
            refineDecoder = ResidualBlock(c);
        }

        RegisterComponents();
    }

    /// <summary>Slices per sample when the input comes as a 4D stack (training).</summary>
    public int PatchDepth { get; }

    /// <summary>Whether the finest level has the two residual blocks (see the remarks).</summary>
    public bool RefinesFullResolution { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var stacked = input.dim() == 4;
        var x = stacked
            ? input.reshape(input.shape[0], input.shape[1], PatchDepth, input.shape[2] / PatchDepth, input.shape[3])
            : input;
        var e1 = Refine(refineEncoder, enc1.call(x));
        var e2 = enc2.call(nn.functional.max_pool3d(e1, [2, 2, 2]));
        var e3 = enc3.call(nn.functional.max_pool3d(e2, [2, 2, 2]));
        var b = bottom.call(nn.functional.max_pool3d(e3, [2, 2, 2]));
        var d3 = dec3.call(cat([up3.call(b), e3], 1));
        var d2 = dec2.call(cat([up2.call(d3), e2], 1));
        var d1 = Refine(refineDecoder, dec1.call(cat([up1.call(d2), e1], 1)));
        var logits = head.call(d1);
        var output = stacked ? logits.reshape(input.shape[0], 1, input.shape[2], input.shape[3]) : logits;
        return output.MoveToOuterDisposeScope();
    }

    private static Tensor Refine(Sequential? block, Tensor x) => block is null ? x : x.Plus(block.call(x));

    /// <summary>conv-BN-ReLU-conv-BN added to its input; the last batch norm's scale starts at zero, so the block starts as the identity.</summary>
    private static Sequential ResidualBlock(int channels)
    {
        var last = KeptBatchNorm.BatchNorm3d(channels);
        using (no_grad())
        {
            last.weight!.zero_();
        }

        return nn.Sequential(
            ("conv0", nn.Conv3d(channels, channels, 3, padding: 1, bias: false)),
            ("norm0", KeptBatchNorm.BatchNorm3d(channels)),
            ("relu0", nn.ReLU()),
            ("conv1", nn.Conv3d(channels, channels, 3, padding: 1, bias: false)),
            ("norm1", last));
    }

    private static Sequential Block(int input, int output, int convolutions)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < convolutions; i++)
        {
            layers.Add(($"conv{i}", nn.Conv3d(i == 0 ? input : output, output, 3, padding: 1, bias: false)));
            layers.Add(($"norm{i}", KeptBatchNorm.BatchNorm3d(output)));
            layers.Add(($"relu{i}", nn.ReLU(inplace: true)));
        }

        return nn.Sequential(layers);
    }
}
