namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// One nodule of a chest CT phantom as the ground truth records it: its centre in patient
/// coordinates (mm, LPS), its diameter (mm, of the solid and ground-glass extent, spicules excluded),
/// its kind and whether it is malignant.
/// </summary>
public sealed record ChestCtNodule(int Number, double X, double Y, double Z, double DiameterMm, NoduleKind Kind)
{
    public bool Malignant => Kind is NoduleKind.Lobulated or NoduleKind.Spiculated or NoduleKind.PartSolid;

    public string LabelName => Malignant ? "malignant" : "benign";
}
