using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-wide`: the cascade's mass network with twice the channels (16-32-64-128,
/// about four times the weights) on the shipped 2.5 mm liver box, everything else as <see cref="LiverMassRecipe"/>
/// (60 phantoms, eight patches each, epoch kept by <c>volume_mass_score</c> on whole validation cases). The shipped
/// 8-channel weights do not fit it, so it starts from the wide capacity probe's weights
/// (`segmentation-liver-mass-fit-wide`, `--from`) at half the rate. A candidate measured against the shipped
/// stage; the shipped cascade does not use it (the bench loads it with `--mass-channels 16`).
/// </summary>
public sealed class LiverMassWideRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-wide";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): wider 3D U-Net (16 base channels) inside the liver's bounding box at 2.5 mm";

    public override int NetworkBaseChannels => 2 * BaseChannels;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 6, FineTuneLearningRateFactor = 0.5 };
}
