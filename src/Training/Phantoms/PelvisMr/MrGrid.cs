using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// An MR acquisition grid in patient coordinates (LPS, mm): columns × rows × slices, the direction of
/// increasing column (<see cref="RowDirection"/>), of increasing row (<see cref="ColumnDirection"/>) and
/// of increasing slice (their cross product), the pixel and slice spacing, the slice thickness and the
/// position of voxel (0, 0, 0). Axial grids run left/posterior/head; sagittal grids posterior/foot/right.
/// </summary>
public sealed record MrGrid(int Columns, int Rows, int Slices, double PixelSpacing, double SliceSpacing, double SliceThickness, double[] Origin, double[] RowDirection, double[] ColumnDirection)
{
    public int Voxels => Columns * Rows * Slices;

    public double VoxelVolumeMl => PixelSpacing * PixelSpacing * SliceSpacing / 1000.0;

    public bool IsSagittal => Math.Abs(Normal[0]) > 0.5;

    /// <summary>Row direction × column direction: the direction slices advance in.</summary>
    public double[] Normal => [
        (RowDirection[1] * ColumnDirection[2]) - (RowDirection[2] * ColumnDirection[1]),
        (RowDirection[2] * ColumnDirection[0]) - (RowDirection[0] * ColumnDirection[2]),
        (RowDirection[0] * ColumnDirection[1]) - (RowDirection[1] * ColumnDirection[0])];

    /// <summary>Patient position of a (fractional) voxel.</summary>
    internal Point3 Position(double column, double row, double slice)
    {
        var n = Normal;
        return new Point3(
            Origin[0] + (column * PixelSpacing * RowDirection[0]) + (row * PixelSpacing * ColumnDirection[0]) + (slice * SliceSpacing * n[0]),
            Origin[1] + (column * PixelSpacing * RowDirection[1]) + (row * PixelSpacing * ColumnDirection[1]) + (slice * SliceSpacing * n[1]),
            Origin[2] + (column * PixelSpacing * RowDirection[2]) + (row * PixelSpacing * ColumnDirection[2]) + (slice * SliceSpacing * n[2]));
    }

    /// <summary>Image Position (Patient) of a slice.</summary>
    public double[] SlicePosition(int slice)
    {
        var p = Position(0, 0, slice);
        return [p.X, p.Y, p.Z];
    }
}
