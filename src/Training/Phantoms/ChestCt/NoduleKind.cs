namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>How a phantom nodule looks; the first three are benign, the last three malignant.</summary>
public enum NoduleKind
{
    /// <summary>Small, smooth, round, solid soft tissue.</summary>
    Solid = 0,

    /// <summary>Smooth with central or diffuse calcification (bone-like values).</summary>
    Calcified = 1,

    /// <summary>Lentiform, flattened against a fissure (an intrapulmonary lymph node).</summary>
    Perifissural = 2,

    /// <summary>Larger, with a lobulated surface.</summary>
    Lobulated = 3,

    /// <summary>Irregular, with thin spicules radiating into the lung.</summary>
    Spiculated = 4,

    /// <summary>A solid core inside a ground-glass halo.</summary>
    PartSolid = 5,
}
