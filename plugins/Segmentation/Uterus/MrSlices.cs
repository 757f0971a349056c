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
    public static float[] Prepare(float[] voxels, int slices, int rows, int columns)
    {
        var scale = RobustScale(voxels);
        var plane = rows * columns;
        var output = new float[slices * Size * Size];
        // Slices are independent: shrunk in parallel (a 512² series reads 8 M voxels here).
        Parallel.For(0, slices, s =>
        {
            var resized = AreaResize(voxels.AsSpan(s * plane, plane), rows, columns, Size, Size);
            for (var i = 0; i < resized.Length; i++)
            {
                output[(s * Size * Size) + i] = Math.Clamp(resized[i] / scale, 0, MaxValue);
            }
        });

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

    /// <summary>Bilinear resampling with pixel centres aligned (a map at <see cref="Size"/>² back to the source grid); the column weights are computed once per call.</summary>
    public static float[] Bilinear(ReadOnlySpan<float> source, int rows, int columns, int targetRows, int targetColumns)
    {
        var output = new float[targetRows * targetColumns];
        var fy = rows / (double)targetRows;
        var fx = columns / (double)targetColumns;
        var left = new int[targetColumns];
        var right = new int[targetColumns];
        var weight = new float[targetColumns];
        for (var tx = 0; tx < targetColumns; tx++)
        {
            var x = Math.Clamp(((tx + 0.5) * fx) - 0.5, 0, columns - 1);
            left[tx] = (int)x;
            right[tx] = Math.Min(left[tx] + 1, columns - 1);
            weight[tx] = (float)(x - left[tx]);
        }

        for (var ty = 0; ty < targetRows; ty++)
        {
            var y = Math.Clamp(((ty + 0.5) * fy) - 0.5, 0, rows - 1);
            var y0 = (int)y;
            var wy = (float)(y - y0);
            var top = source.Slice(y0 * columns, columns);
            var bottom = source.Slice(Math.Min(y0 + 1, rows - 1) * columns, columns);
            var row = output.AsSpan(ty * targetColumns, targetColumns);
            for (var tx = 0; tx < targetColumns; tx++)
            {
                var wx = weight[tx];
                var t = (top[left[tx]] * (1 - wx)) + (top[right[tx]] * wx);
                var b = (bottom[left[tx]] * (1 - wx)) + (bottom[right[tx]] * wx);
                row[tx] = (t * (1 - wy)) + (b * wy);
            }
        }

        return output;
    }
}
