using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>`radcnn train denoising-unet3-edge`: the three-pooling U-Net with the L1 + gradient-difference loss (candidate; its weights load as `denoising-unet3`).</summary>
public sealed class DenoisingDeepUNetEdgeRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet3-edge";

    public override string Description => "Low-dose CT denoising: 3-level U-Net with input-output skip, L1 + gradient-difference loss (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 3 poolings (16-32-64-128 channels) + 1x1 head, input-to-output residual; loss mean |error| + mean |x and y differences of the error|; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override LossKind Loss => LossKind.MeanAbsoluteErrorWithGradient;

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet(levels: 3);
}
