namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-textured-whole`: <see cref="DenoisingUNetMeanCentredTexturedRecipe"/> (the default's
/// recipe on textured body phantoms, a fine-tune of the default's weights) trained on whole 256 px slices, one per
/// phantom slice, <see cref="SlicesPerBatch"/> to a batch, instead of twelve 64 px patches per slice sixteen to a batch.
/// <para>
/// Why: the mean-centred U-Net subtracts its input's mean. A 64 px training patch lies inside the body (its centre
/// above −900 HU), so training centres it on soft tissue; the plugin runs whole slices, air included, centred hundreds
/// of HU lower. The textured fine-tune drifts the body about 2 HU darker on whole slices but hardly as 64 px patches
/// (plugin README, "A mean-bias term and a per-slice HU bound"): an error the patch loss never sees. Trained on whole
/// slices the loss sees the input centred exactly as the plugin centres it. The pixels per epoch are a third more than
/// the patch recipe's (192 slices of 256² against 2,304 patches of 64²).
/// </para>
/// <para>
/// A test of that explanation, not shipped (plugin README, "Whole slices instead of patches"): 8 epochs from the
/// default's weights, epoch 2 kept; on 32 slices of validation seeds 5151 / 5152 the noise-free content is no longer
/// darker on whole slices (+1.1 / +1.7 HU, as the default), but the low-dose output is (the body −2.3 / −1.7 HU, largest
/// slice 5.9 HU; the insert generator −6.9 / −8.3 HU): zero-mean noise now pulls the mean down more, and by epoch 8 the
/// content is 2 HU darker again. The insert generator's PSNR is 0.06-0.22 dB over the default's at the kept epoch.
/// </para>
/// </summary>
public sealed class DenoisingUNetMeanCentredTexturedWholeSliceRecipe : DenoisingUNetMeanCentredTexturedRecipe
{
    /// <summary>Whole slices per batch: two 256 px slices hold twice the pixels of the patch recipe's batch, so an epoch has 96 steps (the patch recipe 144).</summary>
    public const int SlicesPerBatch = 2;

    public override string Task => "denoising-unet-mc-textured-whole";

    public override string Description => "Low-dose CT denoising: the mean-centred U-Net's textured fine-tune on whole 256 px slices instead of 64 px patches, so training centres the input as inference does (simulated phantoms; not for clinical use).";

    protected override int TrainingCropSize => PhantomSize;

    protected internal override int CropsPerSlice => 1;

    protected override int BatchSize => SlicesPerBatch;
}
