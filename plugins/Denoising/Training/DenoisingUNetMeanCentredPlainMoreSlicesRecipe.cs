using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-plain-768`: <see cref="DenoisingUNetMeanCentredTexturedMoreSlicesRecipe"/> on plain
/// phantoms (as <see cref="DenoisingUNetMeanCentredMixedTextureRecipe"/> with no patient textured): the default's recipe (128 px crops in the body, the adversarial half, the local-mean term, the robust
/// selection) on four times the phantom slices of the plain body phantoms, meant to be trained from scratch and then
/// fine-tuned on textured phantoms by `denoising-unet-mc-textured-128`, the path the shipped default took from 192 slices.
/// <para>
/// Why: from scratch, textured phantoms alone left the insert generator 3.2-3.7 dB under the default and half of them
/// plain 1.0-1.6 dB under it; the default is a fine-tune of a network first trained on plain phantoms. Whether the order
/// (plain first, texture after) or the amount of plain data is what keeps the insert generator is what this answers.
/// </para>
/// </summary>
public sealed class DenoisingUNetMeanCentredPlainMoreSlicesRecipe : DenoisingUNetMeanCentredTexturedMoreSlicesRecipe
{
    public override string Task => "denoising-unet-mc-plain-768";

    public override string Description => "Low-dose CT denoising: the default's recipe (mean-centred U-Net, 128 px crops) on four times the plain body phantom slices, as a start for the textured fine-tune (simulated phantoms; not for clinical use).";

    protected override LowDoseCtGenerator Generator() => TrainingGenerator();
}
