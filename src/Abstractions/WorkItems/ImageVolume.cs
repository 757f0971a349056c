using static TorchSharp.torch;

namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// A series' pixels as one regular grid in patient geometry: <see cref="Columns"/> × <see cref="Rows"/>
/// × <see cref="Slices"/> float voxels, column index fastest, then row, then slice.
/// </summary>
/// <remarks>
/// Voxel (c, r, s) lies at <c>Origin + c·Spacing.X·RowDirection + r·Spacing.Y·ColumnDirection +
/// s·Spacing.Z·SliceDirection</c> (DICOM's Image Position/Orientation (Patient) convention: the row
/// direction is the direction along which the column index grows).
/// </remarks>
public sealed record ImageVolume
{
    private readonly IReadOnlyList<SliceSource> _sliceSources = [];

    /// <summary>Creates a volume; <paramref name="voxels"/> must hold columns × rows × slices values.</summary>
    /// <param name="voxels">Values, column fastest, then row, then slice.</param>
    /// <param name="columns">Voxels per row (x).</param>
    /// <param name="rows">Rows per slice (y).</param>
    /// <param name="slices">Slices (z); 1 for a 2D image.</param>
    /// <param name="spacing">Millimetres between adjacent columns (X), rows (Y) and slice centres (Z).</param>
    /// <param name="origin">Patient position of voxel (0, 0, 0), the centre of the first transmitted pixel of the first slice.</param>
    /// <param name="rowDirection">Unit direction of increasing column index (first triplet of Image Orientation (Patient)).</param>
    /// <param name="columnDirection">Unit direction of increasing row index (second triplet).</param>
    public ImageVolume(
        ReadOnlyMemory<float> voxels,
        int columns,
        int rows,
        int slices,
        Vector3D spacing,
        Vector3D origin,
        Vector3D rowDirection,
        Vector3D columnDirection)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slices);
        if ((long)columns * rows * slices != voxels.Length)
        {
            throw new ArgumentException($"Expected {(long)columns * rows * slices} voxels ({columns}×{rows}×{slices}), got {voxels.Length}.", nameof(voxels));
        }

        Voxels = voxels;
        Columns = columns;
        Rows = rows;
        Slices = slices;
        Spacing = spacing;
        Origin = origin;
        RowDirection = rowDirection;
        ColumnDirection = columnDirection;
    }

    /// <summary>The values, column fastest, then row, then slice.</summary>
    public ReadOnlyMemory<float> Voxels { get; }

    /// <summary>Voxels per row (x).</summary>
    public int Columns { get; }

    /// <summary>Rows per slice (y).</summary>
    public int Rows { get; }

    /// <summary>Number of slices (z); 1 for a 2D image.</summary>
    public int Slices { get; }

    /// <summary>Millimetres between adjacent columns (X), rows (Y) and slice centres (Z).</summary>
    public Vector3D Spacing { get; }

    /// <summary>Patient position of voxel (0, 0, 0).</summary>
    public Vector3D Origin { get; }

    /// <summary>Unit direction of increasing column index.</summary>
    public Vector3D RowDirection { get; }

    /// <summary>Unit direction of increasing row index.</summary>
    public Vector3D ColumnDirection { get; }

    /// <summary>Unit direction of increasing slice index: row direction × column direction.</summary>
    public Vector3D SliceDirection => Vector3D.Cross(RowDirection, ColumnDirection);

    /// <summary>What the values mean, for example "HU" for CT after rescale; null when unitless.</summary>
    public string? Unit { get; init; }

    /// <summary>Frame of Reference UID (0020,0052) of the series, for results that must share its geometry (segmentations).</summary>
    public string? FrameOfReferenceUid { get; init; }

    /// <summary>
    /// The source instance of each slice, in the volume's slice order (element s is where slice s came
    /// from), or empty when the volume was not built from instances (a test's or a plugin's own volume).
    /// The host fills it for every series it assembles, so a plugin pairs slice s with its dataset here
    /// rather than re-sorting the instances itself (the host sorts slices by position, not by number).
    /// </summary>
    /// <exception cref="ArgumentException">Set to a list that is neither empty nor one entry per slice.</exception>
    public IReadOnlyList<SliceSource> SliceSources
    {
        get => _sliceSources;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count != 0 && value.Count != Slices)
            {
                throw new ArgumentException($"Expected one slice source per slice ({Slices}), got {value.Count}.", nameof(value));
            }

            _sliceSources = [.. value];
        }
    }

    /// <summary>The value at column <paramref name="column"/>, row <paramref name="row"/>, slice <paramref name="slice"/>.</summary>
    public float this[int column, int row, int slice]
    {
        get
        {
            if ((uint)column >= (uint)Columns || (uint)row >= (uint)Rows || (uint)slice >= (uint)Slices)
            {
                throw new ArgumentOutOfRangeException(nameof(column), $"({column}, {row}, {slice}) is outside {Columns}×{Rows}×{Slices}.");
            }

            return Voxels.Span[(((slice * Rows) + row) * Columns) + column];
        }
    }

    /// <summary>The patient position (mm) of a (possibly fractional) voxel index.</summary>
    public Vector3D ToPatient(double column, double row, double slice) =>
        Origin
        + ((column * Spacing.X) * RowDirection)
        + ((row * Spacing.Y) * ColumnDirection)
        + ((slice * Spacing.Z) * SliceDirection);

    /// <summary>
    /// A new float32 CPU tensor of shape [slices, rows, columns] holding a copy of the voxels. The
    /// caller owns it: create it inside a dispose scope.
    /// </summary>
    public Tensor ToTensor() => tensor(Voxels.ToArray(), [Slices, Rows, Columns]);
}
