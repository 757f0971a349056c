using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-3d-pgd`: the 3D CNN of `classification-3d` hardened by multi-step PGD instead of
/// one FGSM step from a random start. Single-step training (1.1.0's runs A-G) left the probe flipping 22% of the
/// standard generator's nodules and 54% of the alternate one's; PGD searches the ε ball with several projected
/// steps, so the model meets stronger worst cases than the probe's one step, which single-step training may not
/// give (Madry et al. 2018). Meant for `--from` the shipped weights (the recipe's rate × 0.5).
/// </summary>
public class Classification3dPgdRecipe : Classification3dRecipe
{
    /// <summary>The ball's radius in the 0..1 window (the probe attacks at 0.02, 28 HU per voxel).</summary>
    internal virtual double Epsilon => 0.03;

    /// <summary>Projected steps of 2.5·ε/steps each (the shared trainer's PGD, from a random start).</summary>
    internal virtual int Steps => 3;

    public override string Task => "classification-3d-pgd";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): the 3D CNN of classification-3d with PGD adversarial training (synthetic phantoms; not for clinical use).";

    public override string Architecture => base.Architecture + FormattableString.Invariant($"; PGD adversarial training, epsilon {Epsilon}, {Steps} steps");

    public override TrainingHyperParameters Defaults => base.Defaults with
    {
        Epochs = 12,
        Adversarial = base.Defaults.Adversarial! with { Epsilon = Epsilon, Steps = Steps, RandomStart = true },
    };
}
