namespace RadCnn.Training.Data;

/// <summary>
/// Separable filters on a volume stored column fastest, then row, then slice (the layout of
/// <c>ImageVolume</c>): shared by the chest CT phantoms (scanner blur, correlated noise) and the
/// candidate detectors of plugins, so both smooth the same way.
/// </summary>
public static class VolumeFilters
{
    /// <summary>
    /// Gaussian blur with a separate sigma (in voxels) per axis; a sigma of 0 leaves that axis alone.
    /// Edges are clamped. Returns a new array.
    /// </summary>
    public static float[] Gaussian(ReadOnlySpan<float> volume, int columns, int rows, int slices, double sigmaColumns, double sigmaRows, double sigmaSlices)
    {
        if (volume.Length != (long)columns * rows * slices)
        {
            throw new ArgumentException($"{volume.Length} values for a {columns}x{rows}x{slices} volume", nameof(volume));
        }

        var a = volume.ToArray();
        var b = new float[a.Length];
        if (sigmaColumns > 0)
        {
            Pass(a, b, columns, rows, slices, 1, columns, Kernel(sigmaColumns));
            (a, b) = (b, a);
        }

        if (sigmaRows > 0)
        {
            Pass(a, b, columns, rows, slices, columns, rows, Kernel(sigmaRows));
            (a, b) = (b, a);
        }

        if (sigmaSlices > 0 && slices > 1)
        {
            Pass(a, b, columns, rows, slices, columns * rows, slices, Kernel(sigmaSlices));
            (a, b) = (b, a);
        }

        return a;
    }

    private static float[] Kernel(double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * radius) + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++)
        {
            var w = Math.Exp(-(i * i) / (2 * sigma * sigma));
            kernel[i + radius] = (float)w;
            sum += w;
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= (float)sum;
        }

        return kernel;
    }

    /// <summary>One 1D convolution along the axis whose neighbours are <paramref name="stride"/> apart and which has <paramref name="length"/> voxels.</summary>
    private static void Pass(float[] source, float[] target, int columns, int rows, int slices, int stride, int length, float[] kernel)
    {
        var radius = kernel.Length / 2;
        var total = columns * rows * slices;
        var lines = total / length;
        Parallel.For(0, lines, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, line =>
        {
            // The first voxel of the line: lines run over every index whose coordinate on this axis is 0.
            int start;
            if (stride == 1)
            {
                start = line * length;
            }
            else if (stride == columns)
            {
                start = ((line / columns) * columns * rows) + (line % columns);
            }
            else
            {
                start = line;
            }

            for (var i = 0; i < length; i++)
            {
                float sum = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    var j = Math.Clamp(i + k, 0, length - 1);
                    sum += kernel[k + radius] * source[start + (j * stride)];
                }

                target[start + (i * stride)] = sum;
            }
        });
    }
}
