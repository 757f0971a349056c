using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-textured`: the default's recipe (<see cref="DenoisingUNetMeanCentredLocalMeanWeight8Recipe"/>:
/// the mean-centred U-Net, half of each batch zero-mean FGSM at epsilon 0.0125, squared error plus 8 × the error's
/// 16-pixel box means, every epoch run, the epoch kept by <see cref="RobustDenoisingValidation"/>) on body phantoms
/// with parenchymal texture (<see cref="BodySliceModel.Texture"/>), meant as a fine-tune of the default's weights
/// (`--from plugins/Denoising/model/unet-mc.bin`, a tenth of the learning rate).
/// <para>
/// Why: the untextured body phantoms are piecewise constant, exactly what total variation assumes, so a network trained
/// on them learns to flatten organs and ties total variation on the insert generator, whose interior is textured.
/// The texture here is a Gaussian random field, not the insert generator's sinusoids, so that generator stays a test of
/// generalisation. The selection rule scores the validation patients' textured slices (the patient keys follow the generator).
/// </para>
/// <para>
/// A candidate, not shipped (plugin README, "Textured body phantoms"): 5 epochs from the default's weights, epoch 5 kept;
/// held out (4242, 32 slices) +1.70 dB over total variation on the body and −0.075 dB [−0.29, 0.155] on the insert
/// generator (the default −0.11), the body's largest-slice HU bias 5.2 HU on validation seed 5152.
/// </para>
/// </summary>
public class DenoisingUNetMeanCentredTexturedRecipe : DenoisingUNetMeanCentredLocalMeanRecipe
{
    public override string Task => "denoising-unet-mc-textured";

    public override string Description => "Low-dose CT denoising: the mean-centred U-Net's recipe (zero-mean FGSM half, local-mean term at weight 8) on body phantoms with parenchymal texture (simulated phantoms; not for clinical use).";

    protected override double LocalMeanWeight => DenoisingUNetMeanCentredLocalMeanWeight8Recipe.Weight;

    protected override int EarlyStoppingPatience => 0;

    protected override LowDoseCtGenerator Generator() => TexturedGenerator();

    /// <summary>The default's training phantoms (<see cref="DenoisingRecipeBase.TrainingGenerator"/>) with parenchymal texture.</summary>
    internal static LowDoseCtGenerator TexturedGenerator() =>
        new(new BodySliceModel { Texture = true }, PhantomSize) { DoseRange = TrainingGenerator().DoseRange };
}
