namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-fgsm-contrast`: <see cref="UterusMixedFgsmRecipe"/> with
/// twice the shipped recipe's share of tissue-contrast curves (40% of the volumes) and of surface-coil
/// fields (30%) (an experiment, not shipped). Three runs of the FGSM recipe took the uterus network's FGSM
/// agreement on validation T2 phantoms from 0.72 to 0.91 at unchanged Dice, but its Dice on the second
/// generator's validation phantoms from 0.45 to 0.13 (under-segmented); this asks whether more contrast
/// variation during the attack keeps the second generator.
/// </summary>
public sealed class UterusMixedFgsmContrastRecipe : UterusMixedFgsmRecipe
{
    public override string Task => "segmentation-uterus-25d-mixed-fgsm-contrast";

    public override string Description => "Uterus and uterine tumour on pelvic MR: the FGSM fine-tune of the shipped 2.5D U-Net with tissue-contrast curves on 40% and coil fields on 30% of the volumes";

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.4, CoilBiasProbability: 0.3, Renditions: 2);
}
