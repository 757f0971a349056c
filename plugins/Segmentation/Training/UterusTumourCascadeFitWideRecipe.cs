namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-uterus-tumour-cascade-fit-wide`: the capacity probe with twice the channels (16-32-64-128, about four times the weights) on the 64×64 box.</summary>
public sealed class UterusTumourCascadeFitWideRecipe : UterusTumourCascadeFitRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-fit-wide";

    public override int NetworkBaseChannels => 2 * BaseChannels;
}
