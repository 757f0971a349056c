namespace RadCnn.Training.Metrics;

/// <summary>Overlap of two binary masks of the same shape. Two empty masks agree perfectly (1).</summary>
public static class OverlapMetrics
{
    /// <summary>Dice similarity coefficient 2|A∩B| / (|A| + |B|).</summary>
    public static double Dice(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        var (intersection, sizeA, sizeB) = Count(a, b);
        return sizeA + sizeB == 0 ? 1.0 : 2.0 * intersection / (sizeA + sizeB);
    }

    /// <summary>Intersection over union (Jaccard index) |A∩B| / |A∪B|.</summary>
    public static double IoU(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        var (intersection, sizeA, sizeB) = Count(a, b);
        var union = sizeA + sizeB - intersection;
        return union == 0 ? 1.0 : (double)intersection / union;
    }

    /// <summary>Thresholds a probability or label map (value ≥ threshold is inside).</summary>
    public static bool[] Binarize(ReadOnlySpan<float> values, float threshold = 0.5f)
    {
        var mask = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            mask[i] = values[i] >= threshold;
        }

        return mask;
    }

    private static (long Intersection, long SizeA, long SizeB) Count(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"masks differ in size: {a.Length} and {b.Length} pixels");
        }

        long intersection = 0, sizeA = 0, sizeB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sizeA += a[i] ? 1 : 0;
            sizeB += b[i] ? 1 : 0;
            intersection += a[i] && b[i] ? 1 : 0;
        }

        return (intersection, sizeA, sizeB);
    }
}
