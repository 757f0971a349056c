namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// An axial CT acquisition grid: columns × rows × slices, pixel spacing and slice spacing (mm), slice
/// thickness, and the patient position of voxel (0, 0, 0). Rows run posterior, columns to the patient's
/// left and slices to the head, as Image Orientation (Patient) 1\0\0\0\1\0 says.
/// </summary>
public sealed record CtGrid(int Columns, int Rows, int Slices, double PixelSpacing, double SliceSpacing, double SliceThickness, double[] Origin)
{
    public int Voxels => Columns * Rows * Slices;

    public double VoxelVolumeMl => PixelSpacing * PixelSpacing * SliceSpacing / 1000.0;

    internal Point3 Position(double column, double row, double slice) =>
        new(Origin[0] + (column * PixelSpacing), Origin[1] + (row * PixelSpacing), Origin[2] + (slice * SliceSpacing));
}
