using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-noise-mix`: the mass recipe (<see cref="LiverMassRecipe"/>) whose training cases
/// are drawn at their noise × 1, × 0.5 and × 0.25 in turn (the same anatomy; validation and test cases as generated).
/// On held-out phantoms read at a quarter of their noise the shipped network finds no more masses than at full noise
/// (sensitivity ≥ 10 mm 0.41 either way) while the classical candidates find most of them: it ignores a 10-16 mm mass
/// whatever its contrast. Its training patches hold those masses at a contrast-to-noise near 1 per voxel, where leaving
/// them out costs the loss least; this asks whether, shown them clearly as well, it learns to draw them. A candidate
/// measured against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassNoiseMixRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-noise-mix";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with the training cases at full, half and a quarter of their noise";

    /// <summary>The noise scales the training cases take in turn; <see cref="LiverMassNoiseMixRecallRecipe"/> draws the same cases.</summary>
    internal static IReadOnlyList<double> Scales { get; } = [1.0, 0.5, 0.25];

    internal override IReadOnlyList<double> TrainingNoiseScales => Scales;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 6, FineTuneLearningRateFactor = 0.33 };
}
