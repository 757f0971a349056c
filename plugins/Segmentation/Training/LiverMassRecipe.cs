using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-liver-mass`: stage 2 of the cascade, masses inside the liver's box at 2.5 mm.</summary>
public sealed class LiverMassRecipe : CtSegmentationRecipeBase
{
    public override string Task => "segmentation-liver-mass";

    public override string Description => "Liver masses on abdominal CT (stage 2 of the liver cascade): 3D U-Net inside the liver's bounding box at 2.5 mm";

    internal override StageSpec Stage => CascadeSettings.MassStage;

    internal override PatchSampler.Focus Focus => PatchSampler.Focus.MassInLiverBox;

    public override int PatchesPerCase => 6;
}
