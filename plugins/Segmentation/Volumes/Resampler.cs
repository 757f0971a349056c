namespace RadCnn.Plugins.Segmentation.Volumes;

/// <summary>
/// Trilinear resampling between a source grid and a model grid. A model grid is given by its start
/// (millimetres from source voxel (0, 0, 0)), its spacing and its size; voxel j of it sits at
/// start + j · spacing. Training and inference both prepare volumes through this class, so the model
/// sees the same preparation in both.
/// </summary>
internal static class Resampler
{
    /// <summary>The size of a grid of <paramref name="spacing"/> covering the whole source from its first voxel.</summary>
    public static (int Depth, int Height, int Width) CoveringSize(CtVolume source, (double Z, double Y, double X) spacing) =>
        (Count(source.Depth, source.SpacingZ, spacing.Z), Count(source.Height, source.SpacingY, spacing.Y), Count(source.Width, source.SpacingX, spacing.X));

    /// <summary>Samples the source on a model grid; points outside the source take <paramref name="outside"/>.</summary>
    public static CtVolume ToGrid(CtVolume source, (double Z, double Y, double X) start, (double Z, double Y, double X) spacing, (int Depth, int Height, int Width) size, float outside)
    {
        var values = new float[size.Depth * size.Height * size.Width];
        Parallel.For(0, size.Depth, z =>
        {
            var sz = (start.Z + (z * spacing.Z)) / source.SpacingZ;
            for (var y = 0; y < size.Height; y++)
            {
                var sy = (start.Y + (y * spacing.Y)) / source.SpacingY;
                var row = ((z * size.Height) + y) * size.Width;
                for (var x = 0; x < size.Width; x++)
                {
                    var sx = (start.X + (x * spacing.X)) / source.SpacingX;
                    values[row + x] = Trilinear(source, sz, sy, sx, outside);
                }
            }
        });
        return new CtVolume(values, size.Depth, size.Height, size.Width, spacing.Z, spacing.Y, spacing.X);
    }

    /// <summary>
    /// Maps values on a model grid (probabilities) back onto the source's voxels; source voxels outside
    /// the grid get <paramref name="outside"/>.
    /// </summary>
    public static float[] ToSource(CtVolume grid, (double Z, double Y, double X) start, CtVolume source, float outside = 0)
    {
        var values = new float[source.Count];
        Parallel.For(0, source.Depth, z =>
        {
            var gz = ((z * source.SpacingZ) - start.Z) / grid.SpacingZ;
            for (var y = 0; y < source.Height; y++)
            {
                var gy = ((y * source.SpacingY) - start.Y) / grid.SpacingY;
                var row = ((z * source.Height) + y) * source.Width;
                for (var x = 0; x < source.Width; x++)
                {
                    var gx = ((x * source.SpacingX) - start.X) / grid.SpacingX;
                    values[row + x] = Trilinear(grid, gz, gy, gx, outside);
                }
            }
        });
        return values;
    }

    /// <summary>Linear interpolation inside the grid; half a voxel beyond the edge clamps to it; further out is <paramref name="outside"/>.</summary>
    private static float Trilinear(CtVolume v, double z, double y, double x, float outside)
    {
        if (z < -0.5 || y < -0.5 || x < -0.5 || z > v.Depth - 0.5 || y > v.Height - 0.5 || x > v.Width - 0.5)
        {
            return outside;
        }

        z = Math.Clamp(z, 0, v.Depth - 1);
        y = Math.Clamp(y, 0, v.Height - 1);
        x = Math.Clamp(x, 0, v.Width - 1);
        var z0 = Math.Min((int)z, Math.Max(0, v.Depth - 2));
        var y0 = Math.Min((int)y, Math.Max(0, v.Height - 2));
        var x0 = Math.Min((int)x, Math.Max(0, v.Width - 2));
        var z1 = Math.Min(z0 + 1, v.Depth - 1);
        var y1 = Math.Min(y0 + 1, v.Height - 1);
        var x1 = Math.Min(x0 + 1, v.Width - 1);
        var fz = (float)(z - z0);
        var fy = (float)(y - y0);
        var fx = (float)(x - x0);
        var c00 = Lerp(v[z0, y0, x0], v[z0, y0, x1], fx);
        var c01 = Lerp(v[z0, y1, x0], v[z0, y1, x1], fx);
        var c10 = Lerp(v[z1, y0, x0], v[z1, y0, x1], fx);
        var c11 = Lerp(v[z1, y1, x0], v[z1, y1, x1], fx);
        return Lerp(Lerp(c00, c01, fy), Lerp(c10, c11, fy), fz);
    }

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);

    private static int Count(int n, double sourceSpacing, double targetSpacing) => (int)Math.Floor((n - 1) * sourceSpacing / targetSpacing) + 1;
}
