namespace RadCnn.Training.Phantoms;

/// <summary>Where a CT or MR phantom slice lies: position, orientation, Frame of Reference and pixel spacing.</summary>
internal sealed record SlicePlacement(
    IReadOnlyList<double> Position,
    IReadOnlyList<double> Orientation,
    string FrameOfReferenceUid,
    double SliceLocation,
    double PixelSpacing,
    string PatientPosition)
{
    /// <summary>Axial slices: rows along +x, columns along +y.</summary>
    public static IReadOnlyList<double> Axial { get; } = [1, 0, 0, 0, 1, 0];
}
