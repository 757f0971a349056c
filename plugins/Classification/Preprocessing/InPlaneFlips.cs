namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// The mirror images of a network input along its last two axes (columns and rows: x and y of the 3D cubes, the two
/// in-plane axes of each 2D view), the flips both nodule recipes train with. Test-time averaging over them reads each
/// candidate four times at no cost in training and asks nothing the networks were not taught.
/// </summary>
internal static class InPlaneFlips
{
    /// <summary>The input, mirrored across columns, across rows, and both.</summary>
    public static IReadOnlyList<(bool Columns, bool Rows)> All { get; } = [(false, false), (true, false), (false, true), (true, true)];

    /// <summary>A copy of <paramref name="values"/> (row-major, <paramref name="shape"/>) mirrored as <paramref name="flip"/> says.</summary>
    public static float[] Apply(float[] values, IReadOnlyList<long> shape, (bool Columns, bool Rows) flip)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count < 2)
        {
            throw new ArgumentException("an input of at least two axes", nameof(shape));
        }

        var width = (int)shape[^1];
        var height = (int)shape[^2];
        var plane = width * height;
        if (plane == 0 || values.Length % plane != 0)
        {
            throw new ArgumentException($"{values.Length} values do not fill planes of {height}x{width}", nameof(values));
        }

        var result = new float[values.Length];
        for (var start = 0; start < values.Length; start += plane)
        {
            for (var r = 0; r < height; r++)
            {
                var source = start + ((flip.Rows ? height - 1 - r : r) * width);
                var target = start + (r * width);
                if (flip.Columns)
                {
                    for (var c = 0; c < width; c++)
                    {
                        result[target + c] = values[source + width - 1 - c];
                    }
                }
                else
                {
                    Array.Copy(values, source, result, target, width);
                }
            }
        }

        return result;
    }

    /// <summary>The element-wise mean of equally long probability vectors.</summary>
    public static float[] Mean(IReadOnlyList<float[]> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var mean = new float[readings[0].Length];
        foreach (var reading in readings)
        {
            for (var k = 0; k < mean.Length; k++)
            {
                mean[k] += reading[k] / readings.Count;
            }
        }

        return mean;
    }
}
