namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-fgsm-contrast-plain`: <see cref="UterusMixedFgsmContrastRecipe"/>'s
/// doubled shares of tissue-contrast curves (40% of the volumes) and coil fields (30%) with
/// <see cref="UterusMixedFgsmPlainRecipe"/>'s order (plain T2 slices attacked first), so that most of the clean
/// half of every batch is contrast-varied (an experiment, not shipped). One run (seed 13, from the plain
/// recipe's seed 12) lost T2 Dice on validation (0.898 on 32 phantoms) and kept little of the second
/// generator (0.24).
/// </summary>
public sealed class UterusMixedFgsmContrastPlainRecipe : UterusMixedFgsmRecipe
{
    public override string Task => "segmentation-uterus-25d-mixed-fgsm-contrast-plain";

    public override string Description => "Uterus and uterine tumour on pelvic MR: the FGSM fine-tune of the shipped 2.5D U-Net with contrast curves on 40% and coil fields on 30% of the volumes, plain T2 renditions attacked first";

    internal override IntensityAugmentationOptions Intensity { get; } = new(0.8, 0.25, 0.4, CoilBiasProbability: 0.3, Renditions: 2);

    internal override RenditionsAttackedFirst AttackedFirst => RenditionsAttackedFirst.Plain;
}
