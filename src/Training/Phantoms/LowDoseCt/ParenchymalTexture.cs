namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Parenchymal texture for the body phantoms: a smooth Gaussian random field (white Gaussian noise filtered by a
/// Gaussian kernel of a few millimetres), made zero-mean and scaled to a chosen SD over one organ's region, so the
/// organ's mean HU is kept and only its interior varies. A field, not a sum of waves: the insert generator's
/// sinusoidal texture stays a different kind of structure, and the check of generalisation with it.
/// </summary>
internal static class ParenchymalTexture
{
    /// <summary>
    /// Adds a field of SD <paramref name="amplitudeHu"/> over the pixels of <paramref name="region"/> (mean exactly 0
    /// there) to <paramref name="hu"/>, drawn from <paramref name="random"/>.
    /// </summary>
    /// <remarks>The smoothing kernel's SD is <c>kernelSigmaPixels</c> (the field's autocorrelation has √2 times it).</remarks>
    public static void Add(float[] hu, byte[] region, int size, double amplitudeHu, double kernelSigmaPixels, SeededRandom random)
    {
        var field = Field(size, kernelSigmaPixels, random);
        double sum = 0, sumSquares = 0;
        var count = 0;
        for (var i = 0; i < field.Length; i++)
        {
            if (region[i] != 0)
            {
                sum += field[i];
                sumSquares += field[i] * field[i];
                count++;
            }
        }

        if (count < 2)
        {
            return;
        }

        var mean = sum / count;
        var sd = Math.Sqrt(Math.Max((sumSquares / count) - (mean * mean), 1e-12));
        for (var i = 0; i < field.Length; i++)
        {
            if (region[i] != 0)
            {
                hu[i] += (float)(amplitudeHu * (field[i] - mean) / sd);
            }
        }
    }

    /// <summary>White Gaussian noise over the whole slice, smoothed by a separable Gaussian (edges clamped).</summary>
    internal static double[] Field(int size, double kernelSigmaPixels, SeededRandom random)
    {
        var noise = new double[size * size];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = random.Gaussian();
        }

        var radius = Math.Max(1, (int)Math.Ceiling(3 * kernelSigmaPixels));
        var kernel = new double[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = Math.Exp(-(k * k) / (2 * kernelSigmaPixels * kernelSigmaPixels));
        }

        var rows = new double[noise.Length];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] * noise[(row * size) + Math.Clamp(col + k, 0, size - 1)];
                }

                rows[(row * size) + col] = acc;
            }
        }

        var field = new double[noise.Length];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] * rows[(Math.Clamp(row + k, 0, size - 1) * size) + col];
                }

                field[(row * size) + col] = acc;
            }
        }

        return field;
    }
}
