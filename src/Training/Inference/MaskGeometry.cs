namespace RadCnn.Training.Inference;

/// <summary>Where a volume mask (one entry per voxel, column fastest, slice by slice) lies: its largest slice, its centre, its outline on a slice.</summary>
public static class MaskGeometry
{
    /// <summary>The slice with the most voxels of the mask (the first of equals; 0 when empty).</summary>
    public static int KeySlice(bool[] mask, int slices, int plane)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var best = 0;
        var bestCount = 0;
        for (var z = 0; z < slices; z++)
        {
            var count = mask.AsSpan(z * plane, plane).Count(true);
            if (count > bestCount)
            {
                (best, bestCount) = (z, count);
            }
        }

        return best;
    }

    /// <summary>The mean voxel index (column, row, slice) of the mask; (0, 0, 0) when empty.</summary>
    public static (double Column, double Row, double Slice) Centre(bool[] mask, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(mask);
        double sz = 0, sy = 0, sx = 0;
        var n = 0;
        var plane = rows * columns;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sz += i / plane;
                sy += (i % plane) / columns;
                sx += i % columns;
                n++;
            }
        }

        return n == 0 ? (0, 0, 0) : (sx / n, sy / n, sz / n);
    }

    /// <summary>
    /// A rows x columns map of slice <paramref name="slice"/>: each mask's edge pixels (inside the mask,
    /// on the image border or beside a pixel outside it) set to its value, later masks drawn over earlier ones.
    /// </summary>
    public static float[] Outlines(IReadOnlyList<(bool[] Mask, float Value)> masks, int rows, int columns, int slice)
    {
        ArgumentNullException.ThrowIfNull(masks);
        var plane = rows * columns;
        var map = new float[plane];
        foreach (var (mask, value) in masks)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var i = (slice * plane) + (y * columns) + x;
                    var edge = mask[i] && (x == 0 || y == 0 || x == columns - 1 || y == rows - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - columns] || !mask[i + columns]);
                    if (edge)
                    {
                        map[(y * columns) + x] = value;
                    }
                }
            }
        }

        return map;
    }
}
