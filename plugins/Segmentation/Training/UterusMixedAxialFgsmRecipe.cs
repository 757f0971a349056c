namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-axial-fgsm`: <see cref="UterusMixedFgsmRecipe"/> with the slices
/// of every axial phantom drawn twice (as <see cref="UterusMixedAxialRecipe"/>). The probe's held-out losses sit
/// in small axial uteri (held-out case 4: its largest decided slice lost whole at epsilon 0.02), which the
/// FGSM runs saw at the generator's share only (an experiment against issue 21's FGSM goal, not shipped).
/// </summary>
public sealed class UterusMixedAxialFgsmRecipe : UterusMixedFgsmRecipe
{
    public override string Task => "segmentation-uterus-25d-mixed-axial-fgsm";

    public override string Description => "Uterus and uterine tumour on pelvic MR: the shipped 2.5D U-Net's recipe with FGSM examples on half of every batch and axial phantoms drawn twice";

    internal override int AxialRepeats => 2;
}
