using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-mixed-768`: <see cref="DenoisingUNetMeanCentredTexturedMoreSlicesRecipe"/> (the
/// default's recipe on 128 px crops in the body, four times the phantom slices) with texture on half of the phantom
/// patients (<see cref="BodySliceModel.TexturedPatientShare"/>) instead of all, meant to be trained from scratch.
/// <para>
/// Why: from scratch on textured phantoms alone the four times larger set taught the body 1.2 dB more than the default
/// and halved the faint lesions' CNR gap, but left the insert generator's uniform regions 12 HU too bright; the
/// default, a fine-tune of a network first trained on untextured phantoms, keeps that level. Whether the level comes
/// from having seen piecewise-constant organs at all is what a set of both kinds from scratch answers.
/// </para>
/// </summary>
public sealed class DenoisingUNetMeanCentredMixedTextureRecipe : DenoisingUNetMeanCentredTexturedMoreSlicesRecipe
{
    /// <summary>The share of phantom patients drawn with texture.</summary>
    public const double TexturedShare = 0.5;

    public override string Task => "denoising-unet-mc-mixed-768";

    public override string Description => "Low-dose CT denoising: the default's recipe (mean-centred U-Net, 128 px crops) on four times the phantom slices, half of the patients with parenchymal texture (simulated phantoms; not for clinical use).";

    protected override LowDoseCtGenerator Generator() => MixedGenerator();

    /// <summary>The default's training phantoms with texture on <see cref="TexturedShare"/> of the patients.</summary>
    internal static LowDoseCtGenerator MixedGenerator() =>
        new(new BodySliceModel { TexturedPatientShare = TexturedShare }, PhantomSize) { DoseRange = TrainingGenerator().DoseRange };
}
