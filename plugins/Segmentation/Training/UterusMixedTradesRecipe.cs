using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-trades`: the shipped uterus network's recipe
/// (<see cref="UterusMixedRecipe"/>) with TRADES in place of the FGSM examples of
/// <see cref="UterusMixedFgsmRecipe"/> (an experiment against issue 21's FGSM goal, not shipped). Every
/// sample keeps its clean loss against the label, and β times each voxel's KL divergence between its clean
/// prediction and its prediction on the point of the ε-ball that moves the voxels most is added. The FGSM
/// recipes asked the attacked slice for the true mask and lost the second generator with every run; the
/// engine's probe asks for the clean decision again, which is what this term asks for, without labels on
/// the perturbed input. Epsilon and input range as in the FGSM recipes.
/// </summary>
public class UterusMixedTradesRecipe : UterusMixedRecipe
{
    /// <summary>The divergence's weight: TRADES' usual 6 (the divergence is a mean over voxels, on the per-voxel cross entropy's scale).</summary>
    public virtual double Beta => 6;

    public override string Task => "segmentation-uterus-25d-mixed-trades";

    public override string Description => "Uterus and uterine tumour on pelvic MR: the shipped 2.5D U-Net's recipe with TRADES (per-voxel KL to the clean prediction within epsilon 0.03, beta 6)";

    public override TrainingHyperParameters Defaults => base.Defaults with
    {
        Adversarial = new AdversarialTraining
        {
            Epsilon = UterusMixedFgsmRecipe.Epsilon,
            TradesBeta = Beta,
            InputRange = (0, MrSlices.MaxValue),
        },
    };
}
