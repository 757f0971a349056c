using RadCnn.Training.Robustness;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-lm-strong`: <see cref="DenoisingUNetMeanCentredLocalMeanRecipe"/> (the mean-centred
/// U-Net from scratch, squared error plus the local-mean term, the epoch kept by <see cref="RobustDenoisingValidation"/>)
/// with the attack at the probe's own radius (<see cref="DenoisingUNetMeanCentredStrongRecipe.Epsilon"/>, as the strong
/// fine-tune without the term), half of each batch, no clamp.
/// <para>
/// Why: the local-mean term guards regional means, it does not add robustness; the mean-centred network at epsilon
/// 0.0125 kept 0.51-0.53 of the probe's attack where 5% on validation seed 5152 needs about 0.50, and fine-tuned at
/// 0.02 without the term it moved the insert generator's mean HU by 5.7 HU.
/// </para>
/// <para>
/// A candidate, not shipped (plugin README): 10 epochs, epoch 7 kept; 3.97% / 4.35% on validation seeds 5151 / 5152
/// but the body's largest slice off by 6.8-7.7 HU, the insert generator's mean by −5.2 to −5.4 HU, and body PSNR
/// 1.5 dB under `denoising-unet-mc-lm`'s: at this radius the attack outweighs the local-mean term.
/// </para>
/// </summary>
public sealed class DenoisingUNetMeanCentredLocalMeanStrongRecipe : DenoisingUNetMeanCentredLocalMeanRecipe
{
    public override string Task => "denoising-unet-mc-lm-strong";

    public override string Description => "Low-dose CT denoising: mean-centred U-Net, adversarial training at the zero-mean image probe's radius, squared error plus a local-mean error term (simulated phantoms; not for clinical use).";

    protected override AdversarialTraining? Adversarial => new() { Epsilon = DenoisingUNetMeanCentredStrongRecipe.Epsilon, Fraction = 0.5 };
}
