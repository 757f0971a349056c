using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-refined-recall`: <see cref="LiverMassComponentRecallRecipe"/> (a soft Dice and a
/// mean cross entropy per mass) on the mass network with the full-resolution residual blocks
/// (<see cref="Models.UNet3D.RefinesFullResolution"/>). The 8-channel network under the same loss lifts its 10-20 mm
/// training masses off p ≈ 0 but draws them as broad regions with 6-7 false positives per case; this asks whether three
/// convolutions at full resolution instead of one draw them tight. Fine-tuned from the shipped weights put into it
/// (`bench/segmentation/run --refine-mass OUT`, then `--from OUT`: the same logits at the start). A candidate measured
/// against the shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassRefinedRecallRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-refined-recall";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the per-mass recall loss on a 3D U-Net with two residual blocks at full resolution";

    public override bool RefineFullResolution => true;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 5, FineTuneLearningRateFactor = 0.33, Loss = LossKind.ComponentDiceBinaryCrossEntropy, ComponentRecallWeight = 1 };
}
