using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-contrast`: the 2.5D network taught that MR contrast is not fixed.
/// The shipped network learned the uterus as intermediate signal inside bright fat; on fat-suppressed T2
/// the same uterus is brighter than its dark surroundings and the network finds nothing. Here half of the
/// volumes pass through a random tissue-contrast curve (which reorders the tissues, fat suppression among
/// the possibilities), two in five get a surface-coil field, and every slice is drawn from one of three
/// differently varied renditions of its volume, so the network has to rely on shape and zonal layout.
/// Fine-tuned from the shipped weights (`--from`) at half the base learning rate for 8 epochs: the
/// weights in model/uterus-contrast (an experiment, not shipped: see the plugin's README).
/// </summary>
public sealed class UterusContrastRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d-contrast";

    public override string Description => "Uterus and uterine tumour on pelvic MR: 2.5D U-Net trained with random tissue contrast and surface-coil fields";

    public override int Planes => 3;

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.5, CoilBiasProbability: 0.4, Renditions: 3);

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { FineTuneLearningRateFactor = 0.5 };
}
