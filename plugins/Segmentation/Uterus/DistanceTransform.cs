namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// Exact Euclidean distance (mm) from every voxel of a mask to the nearest voxel outside it, with
/// anisotropic spacing: Felzenszwalb and Huttenlocher's lower envelope of parabolas, one axis at a time.
/// Voxels past the volume's edge count as outside.
/// </summary>
internal static class DistanceTransform
{
    private const double Far = 1e20;

    public static double[] ToOutside(bool[] mask, int slices, int rows, int columns, (double Z, double Y, double X) spacing)
    {
        var plane = rows * columns;
        var d = new double[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            d[i] = mask[i] ? Far : 0;
        }

        // Pad by one outside voxel per axis so the volume's edge is outside.
        Pass(d, columns, spacing.X, rows * slices, i => i * columns, 1);
        Pass(d, rows, spacing.Y, columns * slices, i => ((i / columns) * plane) + (i % columns), columns);
        Pass(d, slices, spacing.Z, plane, i => i, plane);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = Math.Sqrt(d[i]);
        }

        return d;
    }

    private static void Pass(double[] d, int n, double step, int lines, Func<int, int> start, int stride)
    {
        var f = new double[n + 2];
        var output = new double[n + 2];
        var v = new int[n + 2];
        var z = new double[n + 3];
        for (var line = 0; line < lines; line++)
        {
            var s = start(line);
            f[0] = 0;
            f[n + 1] = 0;
            for (var q = 0; q < n; q++)
            {
                f[q + 1] = d[s + (q * stride)];
            }

            Envelope(f, n + 2, step, output, v, z);
            for (var q = 0; q < n; q++)
            {
                d[s + (q * stride)] = output[q + 1];
            }
        }
    }

    private static void Envelope(double[] f, int n, double step, double[] output, int[] v, double[] z)
    {
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (var q = 1; q < n; q++)
        {
            var pq = q * step;
            double s;
            while (true)
            {
                var pv = v[k] * step;
                s = ((f[q] + (pq * pq)) - (f[v[k]] + (pv * pv))) / (2 * (pq - pv));
                if (s <= z[k] && k > 0)
                {
                    k--;
                    continue;
                }

                break;
            }

            if (s <= z[k])
            {
                // k == 0 and the new parabola is lower everywhere: replace it.
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (var q = 0; q < n; q++)
        {
            var pq = q * step;
            while (z[k + 1] < pq)
            {
                k++;
            }

            var pv = v[k] * step;
            output[q] = ((pq - pv) * (pq - pv)) + f[v[k]];
        }
    }
}
