using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-wide`: the cascade's tumour network with twice the
/// channels (16-32-64-128, about four times the weights) on the 64×64 box. The shipped 8-channel weights do
/// not fit it, and from scratch a tumour network first learns to draw nothing for several epochs, so it
/// starts from the wide capacity probe's weights (`segmentation-uterus-tumour-cascade-fit-wide`, 30 epochs
/// on 15 phantoms of seed 6, `--from`) and trains 8 epochs at half the rate on the 96 phantoms of a new seed
/// (a wide epoch costs about four narrow ones); everything else as <see cref="UterusTumourCascadeRecipe"/>.
/// Inference builds it with `tumourBaseChannels` from model/uterus.json.
/// </summary>
public sealed class UterusTumourCascadeWideRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-wide";

    public override string Description => "Uterine tumour on T2 pelvic MR, second stage of a cascade: wider 2.5D U-Net (16 base channels) on the box around the uterus at 64x64";

    public override int NetworkBaseChannels => 2 * BaseChannels;

    public override int Phantoms => 2 * PhantomCount;

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 8, FineTuneLearningRateFactor = 0.5 };
}
