using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-contrast-robust`: <see cref="UterusContrastRecipe"/>'s idea with
/// stronger randomisation (contrast curve on 60%, coil field on 50%, four renditions, the full learning
/// rate) and FGSM examples (ε 0.03 in normalised units, above the probe's 0.02) in place of half of every
/// batch, for a network that is both contrast-agnostic and less fragile (an experiment, not shipped).
/// </summary>
public sealed class UterusContrastRobustRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d-contrast-robust";

    public override string Description => "Uterus and uterine tumour on pelvic MR: 2.5D U-Net trained with random tissue contrast, surface-coil fields and FGSM examples";

    public override int Planes => 3;

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.6, CoilBiasProbability: 0.5, Renditions: 4);

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with
    {
        Epochs = 16,
        FineTuneLearningRateFactor = 1,
        Adversarial = new AdversarialTraining { Epsilon = 0.03, Fraction = 0.5, InputRange = (0, MrSlices.MaxValue) },
    };
}
