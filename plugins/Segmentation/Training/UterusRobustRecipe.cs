using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-robust`: the 2.5D network trained against what the uterus model
/// must survive (an experiment, not shipped: fine-tuned from the shipped weights for 6 epochs it gave a
/// lower held-out Dice, see the plugin's README): FGSM examples (ε 0.03 in normalised
/// units, above the probe's 0.02) replace half of every batch, the bias field is stronger and more
/// frequent than the phantom's, and a quarter of the volumes get a random tissue-contrast curve.
/// </summary>
public sealed class UterusRobustRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d-robust";

    public override string Description => "Uterus and uterine tumour on T2 pelvic MR: 2.5D U-Net with FGSM examples, stronger bias fields and random tissue contrast in training";

    public override int Planes => 3;

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.9, 0.35, 0.25);

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with
    {
        Adversarial = new AdversarialTraining { Epsilon = 0.03, Fraction = 0.5, InputRange = (0, MrSlices.MaxValue) },
    };
}
