using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-fit`: a capacity probe for the cascade's mass network, not a model to
/// ship: the mass recipe's patches (eight per case, masses in turn, contrast curves and noise) from the first
/// <see cref="FitPhantoms"/> phantoms of the seed, all but one trained on (one for the trainer's validation, no
/// test split), <see cref="FitEpochs"/> epochs at the full rate from scratch (or a quarter of it from `--from`).
/// `bench/segmentation/run --mass-fit --split-of 16:fit` then scores every training mass inside its true liver
/// box: a network that cannot draw the masses it was trained on this often is held back by its size, not by
/// the data, the threshold or the loss. No whole-volume epoch choice: the probe is read at its last epoch
/// (checkpoint/last.bin). The wide probe (<see cref="LiverMassFitWideRecipe"/>) differs only in width.
/// </summary>
public class LiverMassFitRecipe : LiverMassRecipe
{
    /// <summary>Phantoms of the probe (the first of the seed).</summary>
    public const int FitPhantoms = 16;

    /// <summary>Epochs of the probe: 30 optimiser steps each on 15 phantoms (a 16-channel epoch took about 4 min on the shared 2-core CPU).</summary>
    public const int FitEpochs = 14;

    /// <summary>Split of the probe: one case for the trainer's validation, none held out.</summary>
    public static SplitFractions FitSplit { get; } = new(Validation: 0.07, Test: 0);

    public override string Task => "segmentation-liver-mass-fit";

    public override string Description => FormattableString.Invariant($"Capacity probe: liver mass network ({NetworkBaseChannels} base channels, 2.5 mm liver box) fitted to {FitPhantoms} phantoms");

    public override int Phantoms => FitPhantoms;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = FitEpochs, FineTuneLearningRateFactor = 0.25, Split = FitSplit };

    internal override IWholeCaseValidation? WholeCaseValidation(IReadOnlyList<LabelledCt> cases) => null;
}
