namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-uterus`: uterus and tumour on pelvic MR, a 2D U-Net on single slices (the review's system).</summary>
public sealed class UterusRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus";

    public override string Description => "Uterus and uterine tumour on T2 pelvic MR: 2D U-Net on single slices";

    public override int Planes => 1;
}
