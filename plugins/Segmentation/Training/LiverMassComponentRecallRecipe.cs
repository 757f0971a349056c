using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-component-recall`: <see cref="LiverMassComponentRecipe"/> whose per-mass term also
/// holds the mass's mean cross entropy over its own voxels (<see cref="TrainingHyperParameters.ComponentRecallWeight"/> 1). The
/// shipped network scores its 10-20 mm training masses at p ≈ 0.001-0.005 inside their own patches (bench/segmentation
/// --mass-trace), where a Dice term's pull passes through the sigmoid's slope and vanishes, and two epochs of the per-mass
/// Dice alone left every one of them undrawn; −log p does not saturate. A candidate measured against the shipped stage
/// (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassComponentRecallRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-component-recall";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with a soft Dice and a mean cross entropy per mass added to the loss";

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 5, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 1 };
}
