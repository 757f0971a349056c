namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// How the uterus network sees an MR series, shared by training and inference: the whole volume divided
/// by its own 99th percentile (MR has no absolute units; a robust per-volume scale makes the input
/// independent of the receiver gain) and clamped to [0, <see cref="MaxValue"/>], each slice resampled
/// to <see cref="Size"/>² by area averaging (the field of view, not the millimetres, sets the scale),
/// and a slice's input planes: itself, or itself with its neighbours (2.5D).
/// </summary>
internal static class MrSlices
{
    public const int Size = 128;

    public const float MaxValue = 2f;

    public const double Percentile = 0.99;

    /// <summary>The value at <see cref="Percentile"/> of the voxels (of a strided sample on large volumes).</summary>
    public static float RobustScale(ReadOnlySpan<float> voxels)
    {
        var stride = Math.Max(1, voxels.Length / 400_000);
        var sample = new float[(voxels.Length + stride - 1) / stride];
        for (int i = 0, k = 0; i < voxels.Length; i += stride, k++)
        {
            sample[k] = voxels[i];
        }

        Array.Sort(sample);
        var value = sample[(int)Math.Round(Percentile * (sample.Length - 1))];
        return value > 0 ? value : 1;
    }

    /// <summary>Normalised slices at <see cref="Size"/>², [slice][row][column].</summary>
    public static float[] Prepare(ReadOnlySpan<float> voxels, int slices, int rows, int columns)
    {
        var scale = RobustScale(voxels);
        var plane = rows * columns;
        var output = new float[slices * Size * Size];
        for (var s = 0; s < slices; s++)
        {
            var resized = AreaResize(voxels.Slice(s * plane, plane), rows, columns, Size, Size);
            for (var i = 0; i < resized.Length; i++)
            {
                output[(s * Size * Size) + i] = Math.Clamp(resized[i] / scale, 0, MaxValue);
            }
        }

        return output;
    }

    /// <summary>The input planes of one slice: the slice, or (2.5D) the slice before, the slice and the slice after (repeated at the ends).</summary>
    public static float[] Planes(float[] prepared, int slices, int slice, int planes)
    {
        var area = Size * Size;
        var output = new float[planes * area];
        var half = planes / 2;
        for (var p = 0; p < planes; p++)
        {
            var source = Math.Clamp(slice - half + p, 0, slices - 1);
            Array.Copy(prepared, source * area, output, p * area, area);
        }

        return output;
    }

    /// <summary>Mean of the source pixels each target pixel covers (exact area weights): no aliasing when shrinking, bilinear-like when growing.</summary>
    public static float[] AreaResize(ReadOnlySpan<float> source, int rows, int columns, int targetRows, int targetColumns)
    {
        if (rows == targetRows && columns == targetColumns)
        {
            return source.ToArray();
        }

        if (rows < targetRows || columns < targetColumns)
        {
            return Bilinear(source, rows, columns, targetRows, targetColumns);
        }

        var output = new float[targetRows * targetColumns];
        var fy = rows / (double)targetRows;
        var fx = columns / (double)targetColumns;
        for (var ty = 0; ty < targetRows; ty++)
        {
            var y0 = ty * fy;
            var y1 = y0 + fy;
            for (var tx = 0; tx < targetColumns; tx++)
            {
                var x0 = tx * fx;
                var x1 = x0 + fx;
                double sum = 0, weight = 0;
                for (var y = (int)y0; y < Math.Min(rows, (int)Math.Ceiling(y1)); y++)
                {
                    var wy = Math.Min(y + 1, y1) - Math.Max(y, y0);
                    for (var x = (int)x0; x < Math.Min(columns, (int)Math.Ceiling(x1)); x++)
                    {
                        var w = wy * (Math.Min(x + 1, x1) - Math.Max(x, x0));
                        sum += w * source[(y * columns) + x];
                        weight += w;
                    }
                }

                output[(ty * targetColumns) + tx] = (float)(sum / Math.Max(weight, 1e-12));
            }
        }

        return output;
    }

    /// <summary>Bilinear resampling with pixel centres aligned (a map at <see cref="Size"/>² back to the source grid).</summary>
    public static float[] Bilinear(ReadOnlySpan<float> source, int rows, int columns, int targetRows, int targetColumns)
    {
        var output = new float[targetRows * targetColumns];
        var fy = rows / (double)targetRows;
        var fx = columns / (double)targetColumns;
        for (var ty = 0; ty < targetRows; ty++)
        {
            var y = Math.Clamp(((ty + 0.5) * fy) - 0.5, 0, rows - 1);
            var y0 = (int)y;
            var y1 = Math.Min(y0 + 1, rows - 1);
            var wy = y - y0;
            for (var tx = 0; tx < targetColumns; tx++)
            {
                var x = Math.Clamp(((tx + 0.5) * fx) - 0.5, 0, columns - 1);
                var x0 = (int)x;
                var x1 = Math.Min(x0 + 1, columns - 1);
                var wx = x - x0;
                var top = (source[(y0 * columns) + x0] * (1 - wx)) + (source[(y0 * columns) + x1] * wx);
                var bottom = (source[(y1 * columns) + x0] * (1 - wx)) + (source[(y1 * columns) + x1] * wx);
                output[(ty * targetColumns) + tx] = (float)((top * (1 - wy)) + (bottom * wy));
            }
        }

        return output;
    }
}
