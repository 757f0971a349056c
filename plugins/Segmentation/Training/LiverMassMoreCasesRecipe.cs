using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-more-cases`: the mass recipe (<see cref="LiverMassRecipe"/>) on twice its phantoms
/// (120 instead of 60, eight patches each), meant to be trained from scratch. Sixty epochs from scratch on the recipe's own 60
/// phantoms lifted the whole-volume validation score from the shipped fine-tune chain's 0.528 to 0.674 and cut the
/// held-out false positives to a quarter, but lost masses on the second generator: this asks whether more cases, at about the
/// same number of steps, keep the first gain without the loss. A candidate measured against the shipped stage (README, #20);
/// the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassMoreCasesRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-more-cases";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe on twice its phantoms, trained from scratch";

    public override int Phantoms => 3 * PhantomCount;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 48, FineTuneLearningRateFactor = 0.33 };
}
