using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour`: the whole-slice tumour network (shipped up to plugin 1.2.0;
/// since 1.3.0 the cascade's <see cref="UterusTumourCascadeContinueRecipe"/> network replaces it), a 2.5D U-Net whose outputs both learn
/// the uterine tumour alone, so the tumour carries the whole Dice, on the slices with tumour and a tenth
/// of the others. Fine-tuned from the uterus network
/// (`--from`) at the full learning rate: it starts from features that already know the pelvis.
/// </summary>
public sealed class UterusTumourRecipe : UterusRecipeBase
{
    public override string Task => "segmentation-uterus-tumour";

    public override string Description => "Uterine tumour on T2 pelvic MR: 2.5D U-Net (a slice and its two neighbours) trained on the tumour alone";

    public override int Planes => 3;

    public override bool TumourOnly => true;

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 12, FineTuneLearningRateFactor = 1 };
}
