namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// An MR series with its ground truth: stored (modality) values [slice][row][column], the spacing (mm,
/// between slices, rows, columns), and uterus (including tumour) and tumour masks on the same grid.
/// </summary>
internal sealed record LabelledMr(string Id, float[] Voxels, int Slices, int Rows, int Columns, (double Z, double Y, double X) Spacing, bool[] Uterus, bool[] Tumour)
{
    public double VoxelVolumeMl => Spacing.Z * Spacing.Y * Spacing.X / 1000.0;
}
