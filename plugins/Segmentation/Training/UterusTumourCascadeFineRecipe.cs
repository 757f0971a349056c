using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-96`: the cascade's tumour network on a finer grid of
/// the same box (96×96 instead of 64×64; a 1.5 mL cervical tumour covers 2.25 times the pixels). The
/// U-Net is fully convolutional and its size does not change, so it is fine-tuned from the shipped 64×64
/// weights (`--from`), at a quarter of the rate, 8 epochs, on the 96 phantoms of a new seed (an epoch on the
/// finer grid costs 2.25 coarse ones); everything
/// else as <see cref="UterusTumourCascadeRecipe"/>. Inference reads the box at the size
/// `tumourCropSize` in model/uterus.json gives.
/// </summary>
public sealed class UterusTumourCascadeFineRecipe : UterusTumourCascadeRecipe
{
    /// <summary>Edge of the finer box grid.</summary>
    public const int FineBoxSize = 96;

    public override string Task => "segmentation-uterus-tumour-cascade-96";

    public override string Description => "Uterine tumour on T2 pelvic MR, second stage of a cascade: 2.5D U-Net on the box around the uterus at 96x96";

    public override int BoxSize => FineBoxSize;

    public override int Phantoms => 2 * PhantomCount;

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 8, FineTuneLearningRateFactor = 0.25 };
}
