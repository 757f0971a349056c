using RadCnn.Training.Augmentation;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-axial`: <see cref="UterusMixedRecipe"/> with the slices of
/// every axial phantom drawn twice. The diagnosis of the shipped network (`bench/segmentation/run --uterus
/// --diagnose`) puts most of its held-out Dice loss in axial cases: the uterus under-segmented at its
/// boundary and whole end slices (cervix or fundus, small round sections across the long axis) missed.
/// </summary>
public sealed class UterusMixedAxialRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d-mixed-axial";

    public override string Description => "Uterus and uterine tumour on pelvic MR: 2.5D U-Net trained on from the shipped weights with tissue-contrast variation on a minority of volumes and axial phantoms drawn twice";

    public override int Planes => 3;

    public override int Phantoms => (3 * PhantomCount) / 2;

    internal override int AxialRepeats => 2;

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.2, CoilBiasProbability: 0.15, Renditions: 2);

    public override TrainingHyperParameters Defaults { get; } = new()
    {
        Epochs = 6,
        BatchSize = 8,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 2e-3,
        FineTuneLearningRateFactor = 0.25,
        WeightDecay = 1e-5,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 0,
        Loss = LossKind.DiceBinaryCrossEntropy,
        Augmentation = AugmentationOptions.None,
    };
}
