using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-component-weak-recall`: <see cref="LiverMassComponentRecallRecipe"/> with each mass's
/// own cross entropy at a tenth (<see cref="TrainingHyperParameters.ComponentRecallWeight"/> 0.1): at full weight it lifted
/// every 10-20 mm training mass off p ≈ 0 within two epochs and marked six false positives per case. A candidate measured
/// against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassComponentWeakRecallRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-component-weak-recall";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with a soft Dice and a tenth of a mean cross entropy per mass added to the loss";

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 3, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 0.1 };
}
