using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-noise-mix-recall`: <see cref="LiverMassNoiseMixRecipe"/>'s training cases (noise
/// × 1, × 0.5, × 0.25 in turn) under <see cref="LiverMassComponentRecallRecipe"/>'s loss (a soft Dice and a mean cross
/// entropy per mass). The per-mass cross entropy lifts the 10-20 mm training masses off p ≈ 0 but draws them as broad
/// regions on patches where they stand at a contrast-to-noise near 1 per voxel; this asks whether, shown them clearly as
/// well, the network draws them tight. A candidate measured against the shipped stage (README, #20).
/// </summary>
public sealed class LiverMassNoiseMixRecallRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-noise-mix-recall";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the per-mass recall loss with the training cases at full, half and a quarter of their noise";

    internal override IReadOnlyList<double> TrainingNoiseScales => LiverMassNoiseMixRecipe.Scales;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 2, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 1 };
}
