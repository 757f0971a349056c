using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-component-mid-recall`: <see cref="LiverMassComponentRecallRecipe"/> with each mass's
/// own cross entropy at 0.3 (<see cref="TrainingHyperParameters.ComponentRecallWeight"/>), meant as the second phase after
/// two epochs at full weight: full weight lifts the 10-20 mm training masses off p ≈ 0 and marks broad false positives, a
/// tenth from the shipped weights leaves them at p ≤ 0.05, and the plain loss after the full-weight phase drops them
/// again. A candidate measured against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassComponentMidRecallRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-component-mid-recall";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with a soft Dice and 0.3 of a mean cross entropy per mass added to the loss";

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 4, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 0.3 };
}
