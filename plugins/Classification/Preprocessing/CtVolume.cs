using RadCnn.Abstractions.WorkItems;
using RadCnn.Training.Inference;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// A CT volume in Hounsfield units with its patient geometry, as both training (phantoms in memory)
/// and inference (a series' <see cref="ImageVolume"/>) see it, so that patches are cut the same way.
/// Values are column fastest, then row, then slice.
/// </summary>
internal sealed class CtVolume
{
    public CtVolume(float[] hu, int columns, int rows, int slices, Vector3D spacing, Vector3D origin, Vector3D rowDirection, Vector3D columnDirection)
    {
        if (hu.Length != (long)columns * rows * slices)
        {
            throw new ArgumentException($"{hu.Length} values for {columns}x{rows}x{slices} voxels", nameof(hu));
        }

        Hu = hu;
        Columns = columns;
        Rows = rows;
        Slices = slices;
        Spacing = spacing;
        Origin = origin;
        RowDirection = rowDirection;
        ColumnDirection = columnDirection;
        SliceDirection = Vector3D.Cross(rowDirection, columnDirection);
    }

    public float[] Hu { get; }

    public int Columns { get; }

    public int Rows { get; }

    public int Slices { get; }

    public Vector3D Spacing { get; }

    public Vector3D Origin { get; }

    public Vector3D RowDirection { get; }

    public Vector3D ColumnDirection { get; }

    public Vector3D SliceDirection { get; }

    /// <summary>The series' volume, its voxels read where the host holds them (not copied): nothing here writes to <see cref="Hu"/>.</summary>
    public static CtVolume From(ImageVolume volume) =>
        new(SharedVoxels.ReadOnlyArray(volume), volume.Columns, volume.Rows, volume.Slices, volume.Spacing, volume.Origin, volume.RowDirection, volume.ColumnDirection);

    public static CtVolume From(ChestCtPhantom phantom) =>
        new(phantom.Hu, phantom.Columns, phantom.Rows, phantom.Slices,
            new Vector3D(phantom.PixelSpacing, phantom.PixelSpacing, phantom.SliceSpacing),
            new Vector3D(phantom.Origin.X, phantom.Origin.Y, phantom.Origin.Z),
            new Vector3D(1, 0, 0),
            new Vector3D(0, 1, 0));

    public Vector3D ToPatient(double column, double row, double slice) =>
        Origin + ((column * Spacing.X) * RowDirection) + ((row * Spacing.Y) * ColumnDirection) + ((slice * Spacing.Z) * SliceDirection);

    /// <summary>The (fractional) voxel index of a patient position.</summary>
    public (double Column, double Row, double Slice) ToVoxel(Vector3D point)
    {
        var d = point + (-1 * Origin);
        return (Vector3D.Dot(d, RowDirection) / Spacing.X, Vector3D.Dot(d, ColumnDirection) / Spacing.Y, Vector3D.Dot(d, SliceDirection) / Spacing.Z);
    }

    /// <summary>Trilinear value at a fractional voxel index; air (-1000 HU) outside the volume.</summary>
    public float Sample(double column, double row, double slice)
    {
        if (column < -0.5 || row < -0.5 || slice < -0.5 || column > Columns - 0.5 || row > Rows - 0.5 || slice > Slices - 0.5)
        {
            return -1000;
        }

        column = Math.Clamp(column, 0, Columns - 1);
        row = Math.Clamp(row, 0, Rows - 1);
        slice = Math.Clamp(slice, 0, Slices - 1);
        var c0 = Math.Min((int)column, Columns - 2 < 0 ? 0 : Columns - 2);
        var r0 = Math.Min((int)row, Rows - 2 < 0 ? 0 : Rows - 2);
        var s0 = Math.Min((int)slice, Slices - 2 < 0 ? 0 : Slices - 2);
        var fc = column - c0;
        var fr = row - r0;
        var fs = slice - s0;
        var c1 = Math.Min(c0 + 1, Columns - 1);
        var r1 = Math.Min(r0 + 1, Rows - 1);
        var s1 = Math.Min(s0 + 1, Slices - 1);
        double At(int c, int r, int s) => Hu[(((s * Rows) + r) * Columns) + c];
        var v00 = (At(c0, r0, s0) * (1 - fc)) + (At(c1, r0, s0) * fc);
        var v10 = (At(c0, r1, s0) * (1 - fc)) + (At(c1, r1, s0) * fc);
        var v01 = (At(c0, r0, s1) * (1 - fc)) + (At(c1, r0, s1) * fc);
        var v11 = (At(c0, r1, s1) * (1 - fc)) + (At(c1, r1, s1) * fc);
        var v0 = (v00 * (1 - fr)) + (v10 * fr);
        var v1 = (v01 * (1 - fr)) + (v11 * fr);
        return (float)((v0 * (1 - fs)) + (v1 * fs));
    }

    /// <summary>
    /// The mean of trilinear values over a target sample's <paramref name="footprint"/> around a fractional voxel
    /// index (one trilinear value for <see cref="SampleFootprint.Point"/>, exactly <see cref="Sample(double, double, double)"/>).
    /// A footprint reaching past the volume's edge repeats the edge (a grid's first slice lies on the series' first
    /// slice, often inside the lungs: air beyond it would darken it); a point outside the volume is air, as before.
    /// </summary>
    public float Sample(double column, double row, double slice, SampleFootprint footprint)
    {
        if (footprint.Count == 1)
        {
            return Sample(column + footprint.Columns[0], row + footprint.Rows[0], slice + footprint.Slices[0]);
        }

        if (column < -0.5 || row < -0.5 || slice < -0.5 || column > Columns - 0.5 || row > Rows - 0.5 || slice > Slices - 0.5)
        {
            return -1000;
        }

        double sum = 0;
        for (var i = 0; i < footprint.Count; i++)
        {
            sum += Sample(
                Math.Clamp(column + footprint.Columns[i], 0, Columns - 1),
                Math.Clamp(row + footprint.Rows[i], 0, Rows - 1),
                Math.Clamp(slice + footprint.Slices[i], 0, Slices - 1));
        }

        return (float)(sum / footprint.Count);
    }

    /// <summary>Trilinear value at a patient position.</summary>
    public float SampleAt(Vector3D point)
    {
        var (c, r, s) = ToVoxel(point);
        return Sample(c, r, s);
    }
}
