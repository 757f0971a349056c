using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-tversky`: the cascade's tumour network trained on
/// from its own weights (`--from`) with false positives charged more than misses
/// (<see cref="LossKind.TverskyBinaryCrossEntropy"/>) and no cervical oversampling: the loss alone, to
/// tell its effect from that of the oversampling in
/// <see cref="UterusTumourCascadeCervicalTverskyRecipe"/>. 192 phantoms, 8 epochs at a quarter of the rate.
/// </summary>
public sealed class UterusTumourCascadeTverskyRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-tversky";

    public override string Description => "Uterine tumour on T2 pelvic MR, cascade second stage trained on with false positives charged more (Tversky + BCE)";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 8, FineTuneLearningRateFactor = 0.25, Loss = LossKind.TverskyBinaryCrossEntropy };
}
