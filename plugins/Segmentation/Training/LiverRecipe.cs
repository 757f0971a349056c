using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver`: stage 1 of the cascade, the liver on the whole abdomen at 4 mm.
/// Patches go through random contrast curves and noise: without them the network learned the
/// portal-venous liver's HU and lost a quarter of its Dice on the arterial-phase generator.
/// </summary>
public sealed class LiverRecipe : CtSegmentationRecipeBase
{
    public override string Task => "segmentation-liver";

    public override string Description => "Liver on abdominal CT (stage 1 of the liver cascade): 3D U-Net on the whole abdomen at 4 mm";

    internal override StageSpec Stage => CascadeSettings.LiverStage;

    internal override PatchSampler.Focus Focus => PatchSampler.Focus.Liver;

    public override int PatchesPerCase => 3;

    public override bool AugmentIntensity => true;
}
