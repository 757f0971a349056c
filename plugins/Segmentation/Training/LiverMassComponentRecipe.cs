using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-component`: <see cref="LiverMassRecipe"/> with a soft Dice per mass added to the loss
/// (<see cref="LossKind.ComponentDiceBinaryCrossEntropy"/>, targets from <see cref="PatchSampler.MarkComponents"/>). Traced on
/// the shipped network's own training patches (bench/segmentation --mass-trace), its 10-20 mm training masses are in the target,
/// in three to eight of their case's patches and as contrasted as the large masses it draws, yet in the patch's one Dice a
/// 40-100 voxel mass beside a 1,000-5,000 voxel one is 1-4% of the foreground, so missing it costs almost nothing. A candidate
/// measured against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassComponentRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-component";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with a soft Dice per mass added to the loss";

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 6, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy };
}
