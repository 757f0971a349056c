using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-robust`: the shipped U-Net fine-tuned (`--from`) with adversarial training against
/// the engine's image probe: half of each batch replaced by its zero-mean FGSM example on the output's deviation
/// (radius <see cref="Epsilon"/> of the [0, 1] input, no clamp to the range: clamped, the air of a patch at 0 can
/// only be perturbed upwards, so the projection to zero mean darkens the tissue of every attacked patch), and every
/// patch, input and target together, shifted by a uniform offset drawn in ±<see cref="OffsetHu"/> HU.
/// <para>
/// Why the offsets: the attack's patterns are blobs of ±epsilon at the network's own scale, and a network trained
/// to ignore them on the body phantoms, whose soft tissue sits at 40-60 HU, learns to pull a region's mean toward
/// those values, an HU prior (without offsets, a flat noise-free image of 15 HU came out 4.7 HU brighter, one of
/// 70 HU 4.7 HU darker, and the insert generator's 0-40 HU background moved by +6.8 HU). A uniform offset is
/// content the network must follow, so offsets make no absolute value typical.
/// </para>
/// <para>
/// A candidate, not shipped (plugin README, "Adversarial training and the HU prior"): with these settings the
/// probe's body figure fell under 5% on validation seed 5151 and on held-out 4242 with mean HU within ±5 HU on both
/// generators, but not on validation seed 5152 (6.0%); the network still moves noise-free insert content by +3.7 HU
/// and passes an 80 HU offset of a whole slice as only 67 HU (`FgsmProbeTests` asks 70-90): the offsets weakened the
/// prior, they did not remove it. Its weights load as `denoising-unet`. Re-trained and judged on 32 slices per
/// generator: 5.05% / 5.60% on validation seeds 5151 / 5152, the offset passed as 67.5 HU; from scratch (14 epochs)
/// 4.25% / 4.78% but the insert generator's mean HU moves by up to 13 HU and its PSNR falls under total variation's.
/// </para>
/// </summary>
public sealed class DenoisingUNetRobustRecipe : DenoisingRecipeBase
{
    /// <summary>The attack's radius in [0, 1] input units (0.0125: 50 HU; the probe measures at 0.02).</summary>
    public const double Epsilon = 0.0125;

    /// <summary>Largest uniform offset of a training patch, in HU.</summary>
    public const double OffsetHu = 75;

    public override string Task => "denoising-unet-robust";

    public override string Description => "Low-dose CT denoising: U-Net with input-output skip, adversarial training against the zero-mean image probe (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual; half of each batch zero-mean FGSM (epsilon 0.0125) on the output's deviation, uniform offsets of +-75 HU on input and target; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override AdversarialTraining? Adversarial => new() { Epsilon = Epsilon, Fraction = 0.5 };

    /// <summary>Uniform offsets of input and target together, ±<see cref="OffsetHu"/> HU.</summary>
    protected override AugmentationOptions Augmentation => new() { BrightnessJitter = OffsetHu / Window.WindowWidth };

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet();

    /// <summary>
    /// The kept epoch is chosen by the probe's figure with the offset, content-bias and HU-bias penalties on whole
    /// validation body slices at 1/10 dose (<see cref="RobustDenoisingValidation"/>), not by the patch losses.
    /// </summary>
    internal override IWholeCaseValidation? Selection(int seed) =>
        RobustDenoisingValidation.OfTrainingPhantoms(seed);
}
