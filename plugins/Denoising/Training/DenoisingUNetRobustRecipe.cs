using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-robust`: the shipped U-Net with adversarial training against the engine's
/// image probe (half of each batch replaced by its zero-mean FGSM example on the output's deviation), for
/// fine-tuning the shipped weights (`--from`). A candidate, not shipped: every setting tried that lowered the
/// share of the attack the network keeps moved mean HU on the insert generator beyond ±5 HU (plugin README).
/// The radius here is the mildest tried, 0.005 of the [0, 1] input (20 HU, a quarter of the probe's), without
/// the clamp to the input range: clamped, the air of a patch (at 0) can only be perturbed upwards, so the
/// projection to zero mean darkens the tissue of every attacked patch; unclamped the perturbation is zero-mean
/// in the tissue too (it lowered the insert bias from 15.7 to 12.9 HU at radius 0.01, not to within 5).
/// Its weights load as `denoising-unet`.
/// </summary>
public sealed class DenoisingUNetRobustRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-robust";

    public override string Description => "Low-dose CT denoising: U-Net with input-output skip, adversarial training against the zero-mean image probe (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual; half of each batch zero-mean FGSM (epsilon 0.005) on the output's deviation; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override AdversarialTraining? Adversarial => new() { Epsilon = 0.005, Fraction = 0.5 };

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet();
}
