namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>`radcnn train segmentation-liver-mass-fit-wide`: the mass capacity probe with twice the channels (16-32-64-128, about four times the weights).</summary>
public sealed class LiverMassFitWideRecipe : LiverMassFitRecipe
{
    public override string Task => "segmentation-liver-mass-fit-wide";

    public override int NetworkBaseChannels => 2 * BaseChannels;
}
