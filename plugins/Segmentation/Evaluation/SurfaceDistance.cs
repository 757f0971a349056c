using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>
/// Surface distances between two masks in millimetres, from exact Euclidean distance transforms
/// (Felzenszwalb and Huttenlocher, separable, with anisotropic spacing): the 95th-percentile Hausdorff
/// distance as MONAI computes it (the larger of the two directed 95th percentiles of surface-to-surface distances).
/// </summary>
internal static class SurfaceDistance
{
    public static double Hd95(bool[] a, bool[] b, CtVolume grid)
    {
        var surfaceA = Surface(a, grid);
        var surfaceB = Surface(b, grid);
        if (surfaceA.Count == 0 || surfaceB.Count == 0)
        {
            return surfaceA.Count == surfaceB.Count ? 0 : double.PositiveInfinity;
        }

        var toB = DistanceTo(surfaceB, grid);
        var toA = DistanceTo(surfaceA, grid);
        return Math.Max(Percentile(surfaceA.Select(i => toB[i]).ToList(), 95), Percentile(surfaceB.Select(i => toA[i]).ToList(), 95));
    }

    /// <summary>Voxels of the mask with a 6-neighbour outside it (or on the volume's edge).</summary>
    private static List<int> Surface(bool[] mask, CtVolume g)
    {
        var plane = g.Height * g.Width;
        var surface = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            var z = i / plane;
            var y = (i % plane) / g.Width;
            var x = i % g.Width;
            if (x == 0 || y == 0 || z == 0 || x == g.Width - 1 || y == g.Height - 1 || z == g.Depth - 1
                || !mask[i - 1] || !mask[i + 1] || !mask[i - g.Width] || !mask[i + g.Width] || !mask[i - plane] || !mask[i + plane])
            {
                surface.Add(i);
            }
        }

        return surface;
    }

    /// <summary>Distance (mm) from every voxel to the nearest of <paramref name="sites"/>.</summary>
    private static double[] DistanceTo(List<int> sites, CtVolume g)
    {
        const double Infinity = 1e20;
        var d = new double[g.Count];
        Array.Fill(d, Infinity);
        foreach (var i in sites)
        {
            d[i] = 0;
        }

        var plane = g.Height * g.Width;
        // Squared distances, one axis at a time.
        Pass(d, g.Width, g.Height * g.Depth, i => i * g.Width, 1, g.SpacingX);
        Pass(d, g.Height, g.Width * g.Depth, i => ((i / g.Width) * plane) + (i % g.Width), g.Width, g.SpacingY);
        Pass(d, g.Depth, plane, i => i, plane, g.SpacingZ);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = Math.Sqrt(d[i]);
        }

        return d;
    }

    private static void Pass(double[] d, int length, int lines, Func<int, int> start, int stride, double spacing)
    {
        Parallel.For(0, lines, () => (new double[length], new double[length], new int[length], new double[length + 1]), (line, _, buffers) =>
        {
            var (f, output, v, z) = buffers;
            var s = start(line);
            for (var i = 0; i < length; i++)
            {
                f[i] = d[s + (i * stride)];
            }

            LowerEnvelope(f, output, v, z, spacing);
            for (var i = 0; i < length; i++)
            {
                d[s + (i * stride)] = output[i];
            }

            return buffers;
        }, _ => { });
    }

    /// <summary>1D squared distance transform of sampled function f with sample spacing (lower envelope of parabolas).</summary>
    private static void LowerEnvelope(double[] f, double[] output, int[] v, double[] z, double spacing)
    {
        var n = f.Length;
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        double Position(int q) => q * spacing;
        for (var q = 1; q < n; q++)
        {
            // z[0] is minus infinity, so k never drops below 0.
            var s = Intersection(q, v[k]);
            while (s <= z[k])
            {
                k--;
                s = Intersection(q, v[k]);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        double Intersection(int q, int p) => ((f[q] + (Position(q) * Position(q))) - (f[p] + (Position(p) * Position(p)))) / (2 * (Position(q) - Position(p)));

        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < Position(q))
            {
                k++;
            }

            var diff = Position(q) - Position(v[k]);
            output[q] = (diff * diff) + f[v[k]];
        }
    }

    private static double Percentile(List<double> values, double percentile)
    {
        values.Sort();
        var rank = percentile / 100 * (values.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, values.Count - 1);
        return values[low] + ((rank - low) * (values[high] - values[low]));
    }
}
