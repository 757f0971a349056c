using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-cervical`: the cascade's tumour network trained on
/// from its own weights (`--from`) with cervical tumours drawn more often: every tumour the shipped
/// network (plugin 1.3.0) missed on validation and held-out phantoms was cervical, while each
/// endometrial one was found, and the diagnosis found the three missed validation tumours wholly inside the cascade's box, so
/// the box was not the cause. Four more boxes around each cervical tumour's slices; 192 phantoms and
/// 8 epochs at a quarter of the learning rate, as <see cref="UterusTumourCascadeContinueRecipe"/>.
/// </summary>
public sealed class UterusTumourCascadeCervicalRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-cervical";

    public override string Description => "Uterine tumour on T2 pelvic MR, cascade second stage trained on with cervical tumours oversampled";

    public override int Phantoms => 4 * PhantomCount;

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 8, FineTuneLearningRateFactor = 0.25 };

    protected override int CervicalExtraBoxes => 4;
}
