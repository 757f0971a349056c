using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade-lower-cervix`: the cascade's tumour network trained on
/// from its own weights (`--from`) with six more boxes centred on each tumour of the lower cervix (a
/// cervical tumour centred below <see cref="UterusTumourCascadeRecipe.LowerCervixCentre"/> of the os-fundus
/// line). Every such tumour, trained on or not, was at peak probability 0.00 under the shipped network, and
/// oversampling all cervical tumours alike (<see cref="UterusTumourCascadeCervicalRecipe"/>) left them there;
/// these boxes put the lower cervix and the vagina below it, with its look-alike dark wall and bright stripe,
/// in the middle of the input. 192 phantoms at a quarter of the learning rate, as the cervical recipe.
/// </summary>
public sealed class UterusTumourCascadeLowerCervixRecipe : UterusTumourCascadeRecipe
{
    public override string Task => "segmentation-uterus-tumour-cascade-lower-cervix";

    public override string Description => "Uterine tumour on T2 pelvic MR, cascade second stage trained on with boxes centred on lower-cervix tumours";

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 6, FineTuneLearningRateFactor = 0.25 };

    protected override int LowerCervixExtraBoxes => 6;
}
