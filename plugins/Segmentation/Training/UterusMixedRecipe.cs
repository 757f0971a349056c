using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed`: the shipped 2.5D network trained on from its own weights
/// with the contrast randomisation of <see cref="UterusContrastRecipe"/> mixed in at a lower rate (tissue
/// contrast curve on a fifth of the volumes, surface-coil field on a sixth, two renditions per volume),
/// on half again as many phantoms and at a quarter of the base learning rate. The contrast recipe's
/// rates moved the network towards fat-suppressed contrast but cost T2 Dice; here most slices stay T2
/// so the second generator is learned without unlearning the first. The shipped network (plugin 1.2.0) is
/// the 1.1.0 network trained on with this recipe five times in a row, on the phantoms of seeds 1, 2, 3, 6
/// and 7 (each run of 6 epochs starting from the last one's weights: 360 phantoms, 30 epochs in all).
/// </summary>
[ShippedModel(SegmentationPlugin.UterusModelName)]
public class UterusMixedRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d-mixed";

    public override string Description => "Uterus and uterine tumour on pelvic MR: 2.5D U-Net trained on from the shipped weights with tissue-contrast and coil-field variation on a minority of volumes";

    public override int Planes => 3;

    public override int Phantoms => (3 * PhantomCount) / 2;

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.2, CoilBiasProbability: 0.15, Renditions: 2);

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 6, FineTuneLearningRateFactor = 0.25 };
}
