namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-25d-mixed-axial`: <see cref="UterusMixedRecipe"/> with the slices of
/// every axial phantom drawn twice. The diagnosis of the shipped network (`bench/segmentation/run --uterus
/// --diagnose`) puts most of its held-out Dice loss in axial cases: the uterus under-segmented at its
/// boundary and whole end slices (cervix or fundus, small round sections across the long axis) missed.
/// </summary>
public sealed class UterusMixedAxialRecipe : UterusMixedRecipe
{
    public override string Task => "segmentation-uterus-25d-mixed-axial";

    public override string Description => "Uterus and uterine tumour on pelvic MR: 2.5D U-Net trained on from the shipped weights with tissue-contrast variation on a minority of volumes and axial phantoms drawn twice";

    internal override int AxialRepeats => 2;
}
