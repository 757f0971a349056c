namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// What differs between CT phases, scanners and reconstructions, drawn per training patch on the stage's
/// normalised window scale (0-1 over the HU window): a random monotone tissue-contrast curve (the soft
/// tissues shifted together by −55..+25 HU and each knot by ~15 HU more, so a liver of 60 HU in the
/// arterial phase looks like one of 110 HU in the portal-venous phase to the network, and neighbours
/// move relative to it), and extra Gaussian noise of up to 25 HU. The ends of the window stay fixed so
/// that air, fat and bone are still clamped where inference clamps them.
/// </summary>
internal static class CtIntensityAugmentation
{
    /// <summary>Share of patches left as they are.</summary>
    public const double UntouchedShare = 0.3;

    // Knots of the curve on the 0-1 window scale (for the 60/400 window: −140, −60, 20, 60, 100, 140, 180, 260 HU).
    private static readonly float[] Knots = [0f, 0.2f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 1f];

    /// <summary>The patch with a random contrast curve and noise (or unchanged, <see cref="UntouchedShare"/> of the time).</summary>
    /// <param name="pixels">Normalised voxels in [0, 1].</param>
    /// <param name="windowWidthHu">The stage's window width, so that HU amounts mean the same on any window.</param>
    /// <param name="random">The seeded source of every draw.</param>
    /// <param name="extraNoise">
    /// Whether half the curved patches also get extra noise; without it the draws are the same (the same curves for the
    /// same seed) and the noise is left out. Measured for the mass recipe (the noise lowers the faint 10-30 mm masses'
    /// contrast-to-noise further) and not adopted: the fine-tune did not beat the shipped network on validation phantoms.
    /// </param>
    public static float[] Apply(float[] pixels, double windowWidthHu, Random random, bool extraNoise = true)
    {
#pragma warning disable CA5394 // seeded augmentation, not security
        if (random.NextDouble() < UntouchedShare)
        {
            return pixels;
        }

        var hu = 1 / windowWidthHu;
        var shift = (-55 + (random.NextDouble() * 80)) * hu;
        var values = new float[Knots.Length];
        values[^1] = 1f;
        for (var k = 1; k < Knots.Length - 1; k++)
        {
            values[k] = (float)Math.Clamp(Knots[k] + shift + (Gaussian(random) * 15 * hu), 0, 1);
        }

        // Monotone: a tissue brighter than another stays brighter (the phases reorder little inside the window).
        Array.Sort(values);
        var noise = random.NextDouble() < 0.5 ? random.NextDouble() * 25 * hu : 0;
        noise = extraNoise ? noise : 0;
        var output = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var v = pixels[i];
            var k = 0;
            while (k < Knots.Length - 2 && v > Knots[k + 1])
            {
                k++;
            }

            var t = (v - Knots[k]) / (Knots[k + 1] - Knots[k]);
            var mapped = values[k] + ((values[k + 1] - values[k]) * t);
            if (noise > 0)
            {
                mapped += (float)(Gaussian(random) * noise);
            }

            output[i] = Math.Clamp(mapped, 0f, 1f);
        }
#pragma warning restore CA5394

        return output;
    }

#pragma warning disable CA5394
    private static double Gaussian(Random random) => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
#pragma warning restore CA5394
}
