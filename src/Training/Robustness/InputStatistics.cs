namespace RadCnn.Training.Robustness;

/// <summary>
/// Summary statistics of one prepared (normalised) network input, cheap to compute and independent of
/// the model: the value distribution, edge and noise energy, left-right symmetry and the layout of
/// bright and dark regions. A <see cref="DistributionProfile"/> of them, fitted on the training split,
/// tells whether a new input looks like the training data at all. Multi-channel inputs are treated as
/// their channels stacked vertically.
/// </summary>
public static class InputStatistics
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "q01", "q10", "q50", "q90", "q99", "skewness", "kurtosis",
        "gradient", "laplacian", "symmetry", "top_minus_bottom", "centre_minus_border", "flat_share",
    ];

    public static double[] Of(ReadOnlySpan<float> pixels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 3);
        var rows = pixels.Length / width;
        if (rows < 3 || pixels.Length % width != 0)
        {
            throw new ArgumentException($"{pixels.Length} values do not tile rows of {width}");
        }

        var n = pixels.Length;
        var sorted = pixels.ToArray();
        Array.Sort(sorted);
        double Quantile(double q) => sorted[Math.Clamp((int)Math.Round(q * (n - 1)), 0, n - 1)];

        double mean = 0;
        foreach (var v in pixels)
        {
            mean += v;
        }

        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in pixels)
        {
            var d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }

        m2 /= n;
        m3 /= n;
        m4 /= n;
        var sd = Math.Sqrt(m2);
        var skewness = sd > 1e-9 ? m3 / (m2 * sd) : 0;
        var kurtosis = sd > 1e-9 ? m4 / (m2 * m2) : 0;

        double gradient = 0, laplacian = 0, symmetry = 0;
        var flat = 0;
        for (var r = 1; r < rows - 1; r++)
        {
            for (var c = 1; c < width - 1; c++)
            {
                var i = (r * width) + c;
                var gx = pixels[i + 1] - pixels[i - 1];
                var gy = pixels[i + width] - pixels[i - width];
                gradient += Math.Abs(gx) + Math.Abs(gy);
                laplacian += Math.Abs((4 * pixels[i]) - pixels[i - 1] - pixels[i + 1] - pixels[i - width] - pixels[i + width]);
                if (Math.Abs(gx) < 1e-4 && Math.Abs(gy) < 1e-4)
                {
                    flat++;
                }
            }
        }

        var inner = (rows - 2) * (width - 2);
        gradient /= inner;
        laplacian /= inner;

        // Correlation of the image with its mirror image (a chest is roughly left-right symmetric).
        double sxy = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < width; c++)
            {
                sxy += (pixels[(r * width) + c] - mean) * (pixels[(r * width) + (width - 1 - c)] - mean);
            }
        }

        symmetry = m2 > 1e-12 ? sxy / n / m2 : 0;

        double top = 0, bottom = 0, centre = 0, border = 0;
        int topCount = 0, bottomCount = 0, centreCount = 0, borderCount = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var v = pixels[(r * width) + c];
                if (r < rows / 3)
                {
                    top += v;
                    topCount++;
                }
                else if (r >= rows - (rows / 3))
                {
                    bottom += v;
                    bottomCount++;
                }

                var central = r >= rows / 4 && r < rows - (rows / 4) && c >= width / 4 && c < width - (width / 4);
                if (central)
                {
                    centre += v;
                    centreCount++;
                }
                else
                {
                    border += v;
                    borderCount++;
                }
            }
        }

        return
        [
            Quantile(0.01), Quantile(0.10), Quantile(0.50), Quantile(0.90), Quantile(0.99), skewness, kurtosis,
            gradient, laplacian, symmetry,
            (top / Math.Max(1, topCount)) - (bottom / Math.Max(1, bottomCount)),
            (centre / Math.Max(1, centreCount)) - (border / Math.Max(1, borderCount)),
            (double)flat / inner,
        ];
    }
}
