using System.Runtime.InteropServices;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.LowDoseCt;
using Xunit.Abstractions;

namespace RadCnn.Plugins.Denoising.Tests.Physics;

/// <summary>
/// The phantom's sparse-view mode (`--sparse-views K`): the low dose is scikit-image's iradon of every K-th view of
/// the sinogram, and its error to the full-view truth is view-aliasing streaks that grow with K. The photon count is
/// made so large that noise plays no part: what is left is sampling alone.
/// </summary>
public sealed class SparseViewTests(ITestOutputHelper output)
{
    private const int Size = 128;

    [Fact]
    public void SparseLowDoseIsScikitImagesReconstructionOfEveryKthView()
    {
        const int K = 4;
        var generator = NoiseFree(K);
        var phantom = generator.Generate(seed: 77, index: 0);
        var angles = ParallelBeamProjector.Angles(Size * 3 / 2);
        Assert.Equal(angles.Length / K, (int)phantom.Parameters["low_dose_views"]);
        var mu = phantom.Anatomy.Hu.Select(h => (float)Math.Max(0, LowDoseCtGenerator.WaterMu * (1 + (h / 1000.0)) * generator.PixelSpacingMm)).ToArray();
        var sinogram = ParallelBeamProjector.Forward(mu, Size, angles);

        using var dir = new TempDirectory("radcnn-sparse");
        File.WriteAllBytes(dir.Combine("sinogram.f32"), MemoryMarshal.AsBytes(sinogram.AsSpan()).ToArray());
        var script = """
            import sys
            import numpy as np
            from skimage.transform import iradon
            path, size, views, k, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
            theta = np.arange(views) * 180.0 / views
            sinogram = np.fromfile(path, dtype=np.float32).reshape(views, size).astype(np.float64)
            image = iradon(sinogram[::k].T, theta=theta[::k], filter_name="ramp", circle=True, interpolation="linear", preserve_range=True)
            image.astype(np.float32).tofile(out)
            """;
        var run = Peers.RunPython(script, dir.Combine("sinogram.f32"), $"{Size}", $"{angles.Length}", $"{K}", dir.Combine("ref.f32"));
        Assert.True(run.ExitCode == 0, "python3-skimage is needed: " + run.Combined);
        var reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(dir.Combine("ref.f32")))
            .ToArray()
            .Select(m => (float)(1000 * ((m / (LowDoseCtGenerator.WaterMu * generator.PixelSpacingMm)) - 1)))
            .ToArray();

        // In HU over the body: the sparse reconstruction is scikit-image's to well under 1 HU, while it is tens of HU
        // from the full-view truth (so the agreement is not the truth's).
        var body = Body(phantom);
        var toReference = Rms(phantom.LowDose, reference, body);
        var toTruth = Rms(phantom.LowDose, phantom.Truth, body);
        output.WriteLine($"every {K}th view: RMS to scikit-image {toReference:F3} HU, to the full-view truth {toTruth:F1} HU");
        Assert.True(toReference < 0.5, $"RMS difference to scikit-image's iradon of every {K}th view: {toReference:F3} HU");
        Assert.True(toTruth > 10 * toReference, $"the streaks ({toTruth:F1} HU) should dwarf the difference to scikit-image ({toReference:F3} HU)");
    }

    [Fact]
    public void StreakEnergyGrowsWithTheSparsenessAndLiesAtHighAngularFrequencies()
    {
        var errors = new List<(int K, double Rms, double Streaks)>();
        foreach (var k in new[] { 1, 2, 4, 8 })
        {
            var phantom = NoiseFree(k).Generate(seed: 78, index: 0);
            var rms = Rms(phantom.LowDose, phantom.Truth, Body(phantom));
            var (streaks, total) = AngularSpectrum(phantom);
            errors.Add((k, rms, streaks));
            output.WriteLine($"K = {k} ({phantom.Parameters["low_dose_views"]} views): RMS error {rms:F2} HU; on a ring, error energy at 16 or more cycles per turn {streaks:F1} of {total:F1} HU^2");
            if (k == 8)
            {
                Assert.True(streaks > 0.5 * total, $"every 8th view: the ring's error should be mostly streaks (high angular frequencies), {streaks:F1} of {total:F1}");
            }
        }

        // Full views: sampling adds nothing (the error is noise at 1e12 photons per ray, far under 1 HU).
        Assert.True(errors[0].Rms < 1, $"every view: RMS error {errors[0].Rms:F2} HU");
        for (var i = 1; i < errors.Count; i++)
        {
            Assert.True(errors[i].Rms > 1.5 * errors[i - 1].Rms, $"every {errors[i].K}th view: RMS error {errors[i].Rms:F2} HU, not well above every {errors[i - 1].K}th's {errors[i - 1].Rms:F2}");
            Assert.True(errors[i].Streaks > errors[i - 1].Streaks, $"every {errors[i].K}th view: streak energy {errors[i].Streaks:F2}, not above every {errors[i - 1].K}th's {errors[i - 1].Streaks:F2}");
        }
    }

    /// <summary>So many photons that the noise is far under 1 HU, no electronic noise: the low dose differs from the truth by sampling only.</summary>
    private static LowDoseCtGenerator NoiseFree(int k) =>
        new(new BodySliceModel(), Size, doseFraction: 1) { StandardPhotons = 1e12, ElectronicNoise = 0, SparseViewFactor = k };

    private static List<int> Body(LowDoseCtCase phantom) =>
        [.. Enumerable.Range(0, phantom.Truth.Length).Where(i => phantom.Truth[i] > -900)];

    private static double Rms(float[] a, float[] b, List<int> where) =>
        Math.Sqrt(where.Average(i => Math.Pow(a[i] - b[i], 2)));

    /// <summary>
    /// The error (low dose − truth) sampled around a circle at 0.3 of the slice inside the body, as a function of the
    /// angle: the energy at 16 or more cycles per turn (streaks through the centre cross the circle many times; the
    /// phantom's own edges cross it a few times), and the whole error's energy.
    /// </summary>
    private static (double Streaks, double Total) AngularSpectrum(LowDoseCtCase phantom)
    {
        const int Samples = 720;
        var radius = 0.3 * Size;
        var centre = (Size - 1) / 2.0;
        var re = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            var angle = 2 * Math.PI * s / Samples;
            var y = centre + (radius * Math.Sin(angle));
            var x = centre + (radius * Math.Cos(angle));
            re[s] = Bilinear(phantom.LowDose, y, x) - Bilinear(phantom.Truth, y, x);
        }

        double streaks = 0, total = 0;
        for (var f = 0; f <= Samples / 2; f++)
        {
            double c = 0, d = 0;
            for (var s = 0; s < Samples; s++)
            {
                c += re[s] * Math.Cos(2 * Math.PI * f * s / Samples);
                d += re[s] * Math.Sin(2 * Math.PI * f * s / Samples);
            }

            var energy = ((c * c) + (d * d)) / Samples / Samples * (f is 0 or Samples / 2 ? 1 : 2);
            total += energy;
            if (f >= 16)
            {
                streaks += energy;
            }
        }

        return (streaks, total);
    }

    private static double Bilinear(float[] image, double y, double x)
    {
        int y0 = (int)Math.Floor(y), x0 = (int)Math.Floor(x);
        double fy = y - y0, fx = x - x0;
        double At(int r, int c) => image[(r * Size) + c];
        return ((1 - fy) * (((1 - fx) * At(y0, x0)) + (fx * At(y0, x0 + 1)))) + (fy * (((1 - fx) * At(y0 + 1, x0)) + (fx * At(y0 + 1, x0 + 1))));
    }
}
