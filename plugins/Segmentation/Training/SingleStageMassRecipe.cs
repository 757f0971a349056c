using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-liver-mass-single`: the single-stage comparison, masses on the whole abdomen at 4 mm.</summary>
public sealed class SingleStageMassRecipe : CtSegmentationRecipeBase
{
    public override string Task => "segmentation-liver-mass-single";

    public override string Description => "Liver masses on abdominal CT without a cascade (comparison): 3D U-Net on the whole abdomen at 4 mm";

    internal override StageSpec Stage => CascadeSettings.SingleStageMass;

    internal override PatchSampler.Focus Focus => PatchSampler.Focus.MassWhole;

    public override int PatchesPerCase => 6;
}
