namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// One synthetic chest CT series: Hounsfield units on an axial grid (column fastest, then row, then
/// slice), its geometry (row direction +x, column direction +y, slices along +z, LPS), the nodules
/// placed in it and a label volume (0 outside nodules, the nodule's number inside).
/// </summary>
public sealed class ChestCtPhantom
{
    public required string Id { get; init; }

    public required string PatientKey { get; init; }

    /// <summary>The generator's name ("chest-ct" or "chest-ct-alt").</summary>
    public required string Generator { get; init; }

    public required int Columns { get; init; }

    public required int Rows { get; init; }

    public required int Slices { get; init; }

    /// <summary>In-plane spacing (mm), the same along rows and columns.</summary>
    public required double PixelSpacing { get; init; }

    /// <summary>Distance between slice centres (mm); never more than the thickness (no gaps).</summary>
    public required double SliceSpacing { get; init; }

    public required double SliceThickness { get; init; }

    /// <summary>Patient position (mm) of voxel (0, 0, 0).</summary>
    public required (double X, double Y, double Z) Origin { get; init; }

    /// <summary>Hounsfield units, column fastest.</summary>
    public required float[] Hu { get; init; }

    /// <summary>0 outside nodules, else the nodule's <see cref="ChestCtNodule.Number"/>.</summary>
    public required byte[] NoduleMask { get; init; }

    public required IReadOnlyList<ChestCtNodule> Nodules { get; init; }

    /// <summary>Standard deviation of the added noise (HU), for the record.</summary>
    public required double NoiseHu { get; init; }

    public (double X, double Y, double Z) ToPatient(double column, double row, double slice) =>
        (Origin.X + (column * PixelSpacing), Origin.Y + (row * PixelSpacing), Origin.Z + (slice * SliceSpacing));
}
