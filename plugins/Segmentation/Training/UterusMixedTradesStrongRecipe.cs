namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-trades-strong`: <see cref="UterusMixedTradesRecipe"/> at four times
/// the divergence's weight. A voxel mean is dominated by the many voxels no attack moves, so the few boundary voxels
/// the probe flips weigh less in it than a label's Dice does; this asks whether a heavier term is needed (an
/// experiment, not shipped).
/// </summary>
public sealed class UterusMixedTradesStrongRecipe : UterusMixedTradesRecipe
{
    public override double Beta => 24;

    public override string Task => "segmentation-uterus-25d-mixed-trades-strong";

    public override string Description => "Uterus and uterine tumour on pelvic MR: the shipped 2.5D U-Net's recipe with TRADES (per-voxel KL to the clean prediction within epsilon 0.03, beta 24)";
}
