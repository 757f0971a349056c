using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-noisier`: the L1 + gradient-difference U-Net on body phantoms with wider
/// noise (doses from 1/33 to 1/3, electronic noise SD 12 photons instead of 6), a candidate against the
/// network leaving more noise than total variation on the insert generator's flat regions (plugin README).
/// Its weights load as `denoising-unet`.
/// </summary>
public sealed class DenoisingUNetNoisierRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-noisier";

    public override string Description => "Low-dose CT denoising: U-Net, L1 + gradient-difference loss, body phantoms with wider noise (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual; loss mean |error| + mean |x and y differences of the error|; doses 0.03-0.33, electronic noise 12; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override LossKind Loss => LossKind.MeanAbsoluteErrorWithGradient;

    protected override LowDoseCtGenerator Generator() => new(new BodySliceModel(), PhantomSize) { DoseRange = (0.03, 0.33), ElectronicNoise = 12 };

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet();
}
