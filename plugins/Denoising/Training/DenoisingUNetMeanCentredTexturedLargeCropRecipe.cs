namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-textured-128`: <see cref="DenoisingUNetMeanCentredTexturedRecipe"/> (the default's
/// recipe on textured body phantoms, a fine-tune of the default's weights) on 128 px crops, <see cref="CropsPerSliceOf128"/>
/// per phantom slice with their centre in the body as the 64 px patches have, <see cref="CropsPerBatch"/> to a batch.
/// <para>
/// Why: between the patches and <see cref="DenoisingUNetMeanCentredTexturedWholeSliceRecipe"/>'s whole slices. Whole
/// slices, about half air, taught the network to darken noisy input; a 128 px crop around the body holds less air, so
/// the two runs together say whether that darkening follows the air in the crops (plugin README, "Whole slices instead
/// of patches").
/// </para>
/// <para>
/// A candidate, not shipped (plugin README, "128 px crops in the body"): 8 epochs from the default's weights, epoch 4
/// kept; on 32 slices of validation seeds 5151 / 5152 the body's bias +0.3 / +0.8 HU (largest slice 4.0 / 2.9), the
/// insert generator +0.45 / +0.41 dB and the textured body +0.38 dB over the default on the same slices; not run on the
/// held-out seed. Epoch 8 drifts darker again (the body −2.8 HU, largest slice 6.7).
/// </para>
/// </summary>
public class DenoisingUNetMeanCentredTexturedLargeCropRecipe : DenoisingUNetMeanCentredTexturedRecipe
{
    /// <summary>Side of the crops in pixels.</summary>
    public const int CropSide = 128;

    /// <summary>Crops per phantom slice: the patch recipe's pixels per slice (12 × 64²).</summary>
    public const int CropsPerSliceOf128 = 3;

    /// <summary>Crops per batch: the patch recipe's pixels per batch (16 × 64²).</summary>
    public const int CropsPerBatch = 4;

    public override string Task => "denoising-unet-mc-textured-128";

    public override string Description => "Low-dose CT denoising: the mean-centred U-Net's textured fine-tune on 128 px crops centred in the body instead of 64 px patches (simulated phantoms; not for clinical use).";

    protected sealed override int TrainingCropSize => CropSide;

    protected internal sealed override int CropsPerSlice => CropsPerSliceOf128;

    protected sealed override int BatchSize => CropsPerBatch;
}
