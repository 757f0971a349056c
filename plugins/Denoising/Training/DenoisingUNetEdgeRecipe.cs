using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-edge`: the shipped U-Net's architecture trained with mean absolute error
/// plus the gradient-difference term instead of squared error (a candidate against oversmoothing of
/// small low-contrast lesions; measured in the plugin README). Its weights load as `denoising-unet`.
/// </summary>
public sealed class DenoisingUNetEdgeRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-edge";

    public override string Description => "Low-dose CT denoising: U-Net with input-output skip, L1 + gradient-difference loss (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual; loss mean |error| + mean |x and y differences of the error|; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override LossKind Loss => LossKind.MeanAbsoluteErrorWithGradient;

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet();
}
