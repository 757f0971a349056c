using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-wide`: the cascade's mass network with twice the channels (16-32-64-128,
/// about four times the weights) on the shipped 2.5 mm liver box, everything else as <see cref="LiverMassRecipe"/>
/// (60 phantoms, eight patches each, epoch kept by <c>volume_mass_score</c> on whole validation cases, the starting
/// weights scored first). It fine-tunes at the shipped mass fine-tunes' third of the rate from the shipped 8-channel
/// weights widened into it (<see cref="Models.UNet3DWidening"/>, `bench/segmentation/run --widen-mass OUT`, then
/// `--from OUT`): the same logits at the start, so the whole-volume choice keeps the shipped function unless an
/// epoch beats it, and the new channels add capacity from there (from scratch, a 16-channel epoch on 60 phantoms
/// costs about three 8-channel ones on this CPU). A candidate measured against the shipped stage; the shipped
/// cascade does not use it (the bench loads it with `--mass-channels 16`).
/// </summary>
public sealed class LiverMassWideRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-wide";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): wider 3D U-Net (16 base channels) inside the liver's bounding box at 2.5 mm";

    public override int NetworkBaseChannels => 2 * BaseChannels;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 3, FineTuneLearningRateFactor = 0.33 };
}
