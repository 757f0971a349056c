using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-continue`: the cascade's tumour network trained on
/// from its own weights (`--from`) on the phantoms of another seed, at a quarter of the learning rate
/// and for 12 epochs; everything else as <see cref="UterusTumourCascadeRecipe"/>. At the full rate a
/// restarted cosine schedule threw the network back to predicting no tumour anywhere (the first epoch's
/// slice Dice equalled the share of empty slices). The shipped tumour network (plugin 1.3.0) is the
/// cascade's first run (seed 1) trained on with this recipe on seeds 2 and 3.
/// </summary>
[ShippedModel(SegmentationPlugin.TumourModelName)]
public sealed class UterusTumourCascadeContinueRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-continue";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 12, FineTuneLearningRateFactor = 0.25 };
}
