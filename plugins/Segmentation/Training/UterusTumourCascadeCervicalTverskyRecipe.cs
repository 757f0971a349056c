using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-cervical-tversky`: the cervical recipe
/// (<see cref="UterusTumourCascadeCervicalRecipe"/>: four more boxes around each cervical tumour's
/// slices, 192 phantoms, 8 epochs at a quarter of the learning rate from `--from`) with a loss that
/// charges false positives more than misses (<see cref="LossKind.TverskyBinaryCrossEntropy"/>, a false
/// voxel 0.7, a missed one 0.3, instead of Dice's 0.5 each). Oversampling alone made the network draw
/// more of the cervical tumours but also larger false pieces inside the uterus, which won the decision's
/// "largest piece"; the penalty is meant to keep the sensitivity without those pieces.
/// </summary>
public sealed class UterusTumourCascadeCervicalTverskyRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-cervical-tversky";

    public override string Description => "Uterine tumour on T2 pelvic MR, cascade second stage trained on with cervical tumours oversampled and false positives charged more (Tversky + BCE)";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 8, FineTuneLearningRateFactor = 0.25, Loss = LossKind.TverskyBinaryCrossEntropy };

    protected override int CervicalExtraBoxes => 4;
}
