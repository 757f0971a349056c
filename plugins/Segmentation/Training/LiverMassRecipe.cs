using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass`: stage 2 of the cascade, masses inside the liver's box at 2.5 mm.
/// Half again as many phantoms as the liver stage and eight patches each, three of four centred on the masses in turn
/// (small ones as often as large), with random contrast curves and noise: measured on held-out phantoms,
/// the first network trained on 40 phantoms with voxel-weighted centring gave 14-27 mm masses a peak
/// probability below 0.1, so neither the threshold nor the smallest-volume filter could find them.
/// </summary>
public sealed class LiverMassRecipe : CtSegmentationRecipeBase
{
    public override string Task => "segmentation-liver-mass";

    public override string Description => "Liver masses on abdominal CT (stage 2 of the liver cascade): 3D U-Net inside the liver's bounding box at 2.5 mm";

    internal override StageSpec Stage => CascadeSettings.MassStage;

    internal override PatchSampler.Focus Focus => PatchSampler.Focus.MassInLiverBox;

    public override int PatchesPerCase => 8;

    public override int Phantoms => (3 * PhantomCount) / 2;

    public override bool AugmentIntensity => true;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 8, FineTuneLearningRateFactor = 0.33 };
}
