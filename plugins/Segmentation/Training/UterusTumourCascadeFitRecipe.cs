using RadCnn.Training.Data;
using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// A capacity probe for the cascade's tumour network, not a model to ship: 16 phantoms, 15 of them trained
/// on (one for the trainer's validation, none for a test split), 30 epochs at the full rate from scratch or
/// at a quarter of it from given weights (`--from`: the shipped 8-channel network, at either box size).
/// `bench/segmentation/run --uterus --tumour-fit --split-of 16:SEED` then scores every training tumour on
/// the box around its true uterus: a network that cannot draw the tumours it was trained on this often is
/// held back by its size or its input grid, not by the data or the loss. The subclasses differ only in
/// width (<see cref="UterusRecipeBase.NetworkBaseChannels"/>) and box grid (<see cref="UterusTumourCascadeRecipe.BoxSize"/>).
/// </summary>
public abstract class UterusTumourCascadeFitRecipe : UterusTumourCascadeRecipe
{
    /// <summary>Phantoms of the probe (the first of the seed).</summary>
    public const int FitPhantoms = 16;

    /// <summary>Split of the probe: one case for the trainer's validation, none held out.</summary>
    public static SplitFractions FitSplit { get; } = new(Validation: 0.07, Test: 0);

    public override int Phantoms => FitPhantoms;

    public override string Description => FormattableString.Invariant($"Capacity probe: cascade tumour network ({NetworkBaseChannels} base channels, box at {BoxSize}x{BoxSize}) fitted to {FitPhantoms} phantoms");

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 30, FineTuneLearningRateFactor = 0.25, Split = FitSplit };
}
