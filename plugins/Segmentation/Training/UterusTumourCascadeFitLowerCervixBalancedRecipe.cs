using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-fit-lower-cervix-balanced`: a probe, not a model to ship. As
/// <see cref="UterusTumourCascadeFitLowerCervixRecipe"/> (the lower-cervix tumours of a seed, six more boxes centred on each,
/// from the shipped weights at the full rate), with the seed's tumour-free phantoms beside them. Fitted to those tumours
/// alone the network drew every one of them and fired on the lower cervix of every tumour-free uterus: it had learned the
/// place. With normal lower cervices in the same run it must learn the look, if the look tells them apart at this grid.
/// </summary>
public sealed class UterusTumourCascadeFitLowerCervixBalancedRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-fit-lower-cervix-balanced";

    public override string Description => "Probe: cascade tumour network fitted to the lower-cervix tumours of 192 phantoms beside their tumour-free phantoms";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 15, FineTuneLearningRateFactor = 1, Split = UterusTumourCascadeFitRecipe.FitSplit };

    protected override int LowerCervixExtraBoxes => 6;

    protected override bool LowerCervixOnly => true;

    protected override bool KeepsTumourFree => true;
}
