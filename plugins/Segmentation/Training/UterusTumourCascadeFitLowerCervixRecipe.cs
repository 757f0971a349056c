using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-fit-lower-cervix`: a capacity probe, not a model to
/// ship. Only the phantoms of a seed whose tumour is centred in the lower cervix (about one in seven), each
/// with its usual boxes and six more centred on the tumour, trained on from the shipped weights (`--from`)
/// at the full rate for 15 epochs, nearly all of them in the training set. If the network fits them here,
/// where no endometrial tumour outweighs them, their look is learnable and the shipped network leaves them
/// out because the rest of the data outweighs them; if it cannot, the inputs do not carry them.
/// </summary>
public sealed class UterusTumourCascadeFitLowerCervixRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-fit-lower-cervix";

    public override string Description => "Capacity probe: cascade tumour network fitted to the lower-cervix tumours of 192 phantoms alone";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 15, FineTuneLearningRateFactor = 1, Split = UterusTumourCascadeFitRecipe.FitSplit };

    protected override int LowerCervixExtraBoxes => 6;

    protected override bool LowerCervixOnly => true;
}
