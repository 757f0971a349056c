using RadCnn.Training.Robustness;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-strong`: the mean-centred U-Net fine-tuned (`--from` the weights of
/// `denoising-unet-mc-robust`) with the attack at the probe's own radius, <see cref="Epsilon"/>, half of each batch,
/// no clamp; the same network and epoch selection as the from-scratch recipe (<see cref="RobustDenoisingValidation"/>,
/// which scores the starting weights first).
/// A candidate (plugin README): the from-scratch network kept 0.51-0.53 of the probe's attack, 5% on the darker
/// crops of validation seed 5152 needs about 0.50.
/// </summary>
public sealed class DenoisingUNetMeanCentredStrongRecipe : DenoisingUNetMeanCentredRecipe
{
    /// <summary>The attack's radius in [0, 1] input units (0.02: 80 HU, the probe's).</summary>
    public const double Epsilon = 0.02;

    public override string Task => "denoising-unet-mc-strong";

    public override string Description => "Low-dose CT denoising: mean-centred U-Net fine-tuned against the zero-mean image probe at its own radius (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual, the noise estimate on the input minus its mean; half of each batch zero-mean FGSM (epsilon 0.02) on the output's deviation; input HU windowed -1000..3000 to [0,1]";

    protected override AdversarialTraining? Adversarial => new() { Epsilon = Epsilon, Fraction = 0.5 };
}
