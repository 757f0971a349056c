namespace RadCnn.Plugins.Segmentation.Volumes;

/// <summary>
/// Voxels on a regular grid, [slice][row][column] (x fastest), with the spacing in millimetres along z
/// (slices), y (rows) and x (columns). Voxel (0, 0, 0) is the origin of every millimetre offset used here.
/// </summary>
internal sealed record CtVolume(float[] Values, int Depth, int Height, int Width, double SpacingZ, double SpacingY, double SpacingX)
{
    public int Count => Depth * Height * Width;

    public double VoxelVolumeMl => SpacingZ * SpacingY * SpacingX / 1000.0;

    public float this[int z, int y, int x] => Values[(((z * Height) + y) * Width) + x];

    public CtVolume WithValues(float[] values) => this with { Values = values };

    /// <summary>A copy with every value mapped by <paramref name="map"/>.</summary>
    public CtVolume Map(Func<float, float> map) => WithValues(Array.ConvertAll(Values, v => map(v)));
}
