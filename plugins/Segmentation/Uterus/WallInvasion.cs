namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// Depth of invasion from masks: how far through the uterine wall the tumour reaches, as a fraction.
/// Every uterus voxel's distance to the outside of the uterus (an exact Euclidean distance transform in
/// millimetres) is its depth below the serosa; the wall is as thick as the deepest uterus voxel near the
/// tumour (its bounding box grown by 10 mm), which lies on the cavity or canal. The fraction is
/// 1 − (the tumour's smallest depth / that thickness): near 0 for a tumour confined to the lining, 1 for
/// one reaching the serosa. The same measure is applied to the ground truth to judge it.
/// </summary>
internal static class WallInvasion
{
    private const double MarginMm = 10;

    public static double? Fraction(bool[] uterus, bool[] tumour, int slices, int rows, int columns, (double Z, double Y, double X) spacing)
    {
        if (!tumour.Contains(true))
        {
            return null;
        }

        var depth = DepthInBox(uterus, slices, rows, columns, spacing);
        var plane = rows * columns;
        int z0 = slices, z1 = -1, y0 = rows, y1 = -1, x0 = columns, x1 = -1;
        var shallowest = double.MaxValue;
        for (var i = 0; i < tumour.Length; i++)
        {
            if (!tumour[i])
            {
                continue;
            }

            var (z, y, x) = (i / plane, (i % plane) / columns, i % columns);
            (z0, z1, y0, y1, x0, x1) = (Math.Min(z0, z), Math.Max(z1, z), Math.Min(y0, y), Math.Max(y1, y), Math.Min(x0, x), Math.Max(x1, x));
            shallowest = Math.Min(shallowest, uterus[i] ? depth[i] : 0);
        }

        int Grow(double mm, double step) => (int)Math.Ceiling(mm / step);
        var (gz, gy, gx) = (Grow(MarginMm, spacing.Z), Grow(MarginMm, spacing.Y), Grow(MarginMm, spacing.X));
        var thickness = 0.0;
        for (var z = Math.Max(0, z0 - gz); z <= Math.Min(slices - 1, z1 + gz); z++)
        {
            for (var y = Math.Max(0, y0 - gy); y <= Math.Min(rows - 1, y1 + gy); y++)
            {
                for (var x = Math.Max(0, x0 - gx); x <= Math.Min(columns - 1, x1 + gx); x++)
                {
                    thickness = Math.Max(thickness, depth[(z * plane) + (y * columns) + x]);
                }
            }
        }

        return thickness <= 0 ? 1 : Math.Clamp(1 - (shallowest / thickness), 0, 1);
    }

    /// <summary>
    /// Depth below the serosa of every voxel (0 outside the uterus), with the distance transform run on
    /// the uterus's bounding box only: the voxels just past that box are outside the uterus anyway, so the
    /// result is the same as on the whole volume, at a fraction of the cost on a 512² series.
    /// </summary>
    internal static double[] DepthInBox(bool[] uterus, int slices, int rows, int columns, (double Z, double Y, double X) spacing)
    {
        var plane = rows * columns;
        int z0 = slices, z1 = -1, y0 = rows, y1 = -1, x0 = columns, x1 = -1;
        for (var i = 0; i < uterus.Length; i++)
        {
            if (uterus[i])
            {
                var (z, y, x) = (i / plane, (i % plane) / columns, i % columns);
                (z0, z1, y0, y1, x0, x1) = (Math.Min(z0, z), Math.Max(z1, z), Math.Min(y0, y), Math.Max(y1, y), Math.Min(x0, x), Math.Max(x1, x));
            }
        }

        var depth = new double[uterus.Length];
        if (z1 < 0)
        {
            return depth;
        }

        var (bz, by, bx) = (z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1);
        var box = new bool[bz * by * bx];
        for (var z = 0; z < bz; z++)
        {
            for (var y = 0; y < by; y++)
            {
                Array.Copy(uterus, ((z + z0) * plane) + ((y + y0) * columns) + x0, box, ((z * by) + y) * bx, bx);
            }
        }

        var inner = DistanceTransform.ToOutside(box, bz, by, bx, spacing);
        for (var z = 0; z < bz; z++)
        {
            for (var y = 0; y < by; y++)
            {
                Array.Copy(inner, ((z * by) + y) * bx, depth, ((z + z0) * plane) + ((y + y0) * columns) + x0, bx);
            }
        }

        return depth;
    }
}
