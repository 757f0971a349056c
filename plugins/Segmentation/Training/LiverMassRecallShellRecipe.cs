using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-recall-shell`: <see cref="LiverMassComponentRecallRecipe"/> (a soft Dice and a mean
/// cross entropy per mass) with each mass's local background term as well (<see cref="TrainingHyperParameters.ComponentShellWeight"/>
/// 1: the mean of −log(1 − p) over the background within 7.5 mm of the mass, in-plane). The per-mass cross entropy lifts the
/// 10-20 mm training masses off p ≈ 0 by marking broad regions around them; this prices those regions at the mass's own
/// scale. A candidate measured against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassRecallShellRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-recall-shell";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the per-mass recall loss with a local background term around each mass";

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 2, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 1, ComponentShellWeight = 1 };
}
