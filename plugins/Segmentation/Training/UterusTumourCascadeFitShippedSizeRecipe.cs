namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-uterus-tumour-cascade-fit`: the capacity probe at the shipped size (8 base channels, 64×64 box).</summary>
public sealed class UterusTumourCascadeFitShippedSizeRecipe : UterusTumourCascadeFitRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-fit";
}
