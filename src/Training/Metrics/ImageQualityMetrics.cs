namespace RadCnn.Training.Metrics;

/// <summary>Fidelity of a restored image to its reference (denoising): PSNR and SSIM.</summary>
public static class ImageQualityMetrics
{
    /// <summary>Peak signal-to-noise ratio in dB: 10 log10(range² / MSE); +∞ for identical images.</summary>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, double dataRange)
    {
        if (reference.Length != test.Length)
        {
            throw new ArgumentException($"images differ in size: {reference.Length} and {test.Length} pixels");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataRange);
        var sum = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var d = (double)reference[i] - test[i];
            sum += d * d;
        }

        var mse = sum / reference.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>
    /// Mean structural similarity (Wang et al. 2004) of two single-channel images, computed as
    /// scikit-image's default: a uniform <paramref name="window"/>×<paramref name="window"/> window,
    /// K1 = 0.01, K2 = 0.03, sample covariance, averaged over every window that lies inside the image.
    /// </summary>
    public static double Ssim(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, int height, int width, double dataRange, int window = 7)
    {
        if (reference.Length != height * width || test.Length != height * width)
        {
            throw new ArgumentException($"images must both hold {height}x{width} pixels");
        }

        if (window < 2 || window > height || window > width)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"window must fit in the {height}x{width} image");
        }

        var c1 = Math.Pow(0.01 * dataRange, 2);
        var c2 = Math.Pow(0.03 * dataRange, 2);
        var n = (double)window * window;
        var covarianceNorm = n / (n - 1);
        var total = 0.0;
        var count = 0;
        for (var top = 0; top + window <= height; top++)
        {
            for (var left = 0; left + window <= width; left++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (var r = top; r < top + window; r++)
                {
                    for (var c = left; c < left + window; c++)
                    {
                        double x = reference[(r * width) + c], y = test[(r * width) + c];
                        sx += x;
                        sy += y;
                        sxx += x * x;
                        syy += y * y;
                        sxy += x * y;
                    }
                }

                double ux = sx / n, uy = sy / n;
                var vx = covarianceNorm * ((sxx / n) - (ux * ux));
                var vy = covarianceNorm * ((syy / n) - (uy * uy));
                var vxy = covarianceNorm * ((sxy / n) - (ux * uy));
                total += ((2 * ux * uy) + c1) * ((2 * vxy) + c2) / (((ux * ux) + (uy * uy) + c1) * (vx + vy + c2));
                count++;
            }
        }

        return total / count;
    }
}
