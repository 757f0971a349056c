using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-wide-weighted`: the wide tumour network (16 base
/// channels) from scratch, with tumour voxels weighted <see cref="TumourWeight"/> in the cross entropy
/// (<see cref="LossKind.SizeWeightedDiceBinaryCrossEntropy"/>). With plain Dice + cross entropy a tumour
/// network first learns to draw nothing: a few percent of the box's voxels are tumour, the cross entropy
/// settles every voxel near that share, and the per-slice Dice, whose pull passes through the sigmoid's
/// slope, fades as the probabilities fall (the wide run warm-started from its probe sat there for five
/// epochs). The weight keeps a missed tumour voxel's pull at w·(1 − p), so the drawing starts in the first
/// epochs; the shifted calibration (a voxel drawn at p stands for odds p / (w (1 − p))) is taken up by
/// the thresholds chosen on validation. Everything else as <see cref="UterusTumourCascadeWideRecipe"/>
/// on the 96 phantoms of a seed, 12 epochs at the full rate, or, trained on from its own weights on a new
/// seed (`--from`), at a quarter of it (as the shipped network was continued: a restart at a higher rate
/// threw a tumour network back to drawing nothing).
/// </summary>
public sealed class UterusTumourCascadeWideWeightedRecipe : UterusTumourCascadeRecipe
{
    /// <summary>Weight of a tumour voxel in the cross entropy (background 1).</summary>
    public const float TumourWeight = 5f;

    public override string Task => "segmentation-uterus-tumour-cascade-wide-weighted";

    public override string Description => "Uterine tumour on T2 pelvic MR, second stage of a cascade: wider 2.5D U-Net (16 base channels) on the box around the uterus at 64x64, tumour voxels weighted in the cross entropy";

    public override int NetworkBaseChannels => 2 * BaseChannels;

    public override int Phantoms => 2 * PhantomCount;

    protected override float TumourTargetValue => TumourWeight;

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 12, Loss = LossKind.SizeWeightedDiceBinaryCrossEntropy, FineTuneLearningRateFactor = 0.25 };
}
