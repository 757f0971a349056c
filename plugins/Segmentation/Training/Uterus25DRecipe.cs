namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-uterus-25d`: the 2.5D variant, each slice with its two neighbours as input channels (the shipped network up to plugin 1.1.0, the start of <see cref="UterusMixedRecipe"/>'s).</summary>
public sealed class Uterus25DRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-25d";

    public override string Description => "Uterus and uterine tumour on T2 pelvic MR: 2.5D U-Net (a slice and its two neighbours as channels)";

    public override int Planes => 3;
}
