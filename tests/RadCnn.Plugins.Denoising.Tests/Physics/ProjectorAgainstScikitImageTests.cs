using System.Runtime.InteropServices;
using RadCnn.Training.Phantoms.LowDoseCt;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests.Physics;

/// <summary>
/// The phantom physics against a reference implementation: RadCnn's parallel-beam projector and
/// filtered back-projection (ramp and Hann) must agree with scikit-image's radon and iradon on the
/// same body slice, the same angles and the same sinogram.
/// </summary>
public sealed class ProjectorAgainstScikitImageTests
{
    private const int Size = 128;
    private const int Views = 96;

    [Fact]
    public void ForwardProjectionAndFilteredBackProjectionMatchScikitImage()
    {
        var anatomy = new BodySliceModel().Draw(seed: 77, patient: 0, slice: 0, size: Size);
        var mu = anatomy.Hu.Select(h => (float)Math.Max(0, LowDoseCtGenerator.WaterMu * (1 + (h / 1000.0)) * 3)).ToArray();
        var angles = ParallelBeamProjector.Angles(Views);
        var sinogram = ParallelBeamProjector.Forward(mu, Size, angles);
        var ramp = FilteredBackProjection.Reconstruct(sinogram, Size, angles, ReconstructionFilter.Ramp);
        var hann = FilteredBackProjection.Reconstruct(sinogram, Size, angles, ReconstructionFilter.Hann);

        using var dir = new TempDirectory("radcnn-radon");
        File.WriteAllBytes(dir.Combine("image.f32"), MemoryMarshal.AsBytes(mu.AsSpan()).ToArray());
        File.WriteAllBytes(dir.Combine("sinogram.f32"), MemoryMarshal.AsBytes(sinogram.AsSpan()).ToArray());
        var script = Path.Combine(AppContext.BaseDirectory, "Physics", "skimage_radon.py");
        var run = Peers.Run(Peers.Python, [script, dir.Combine("image.f32"), dir.Combine("sinogram.f32"), $"{Size}", $"{Views}", dir.Combine("ref")], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, "python3-skimage is needed: " + run.Combined);

        AssertClose(Read(dir.Combine("ref.radon.f32")), sinogram, "forward projection", 1e-3);
        AssertClose(Read(dir.Combine("ref.ramp.f32")), ramp, "FBP with the ramp filter", 1e-3);
        AssertClose(Read(dir.Combine("ref.hann.f32")), hann, "FBP with the Hann filter", 1e-3);

        // The filters really differ (the comparison above would not notice a Hann that is a ramp).
        Assert.True(RelativeError(ramp, hann) > 0.01, "the Hann reconstruction should differ from the ramp one");

        // And the reconstruction is the object: water-equivalent soft tissue comes back near its HU.
        var body = anatomy.UniformMask.Select((m, i) => (m, i)).Where(p => p.m == 1).Select(p => p.i).ToList();
        var recoveredHu = body.Average(i => 1000 * ((ramp[i] / (LowDoseCtGenerator.WaterMu * 3)) - 1));
        var trueHu = body.Average(i => anatomy.Hu[i]);
        Assert.InRange(recoveredHu - trueHu, -15, 15);
    }

    private static float[] Read(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    private static double RelativeError(float[] reference, float[] actual)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            difference += Math.Pow(reference[i] - actual[i], 2);
            norm += Math.Pow(reference[i], 2);
        }

        return Math.Sqrt(difference / norm);
    }

    private static void AssertClose(float[] reference, float[] actual, string what, double tolerance)
    {
        Assert.Equal(reference.Length, actual.Length);
        var error = RelativeError(reference, actual);
        Assert.True(error < tolerance, $"{what}: relative L2 difference to scikit-image {error:E2} (tolerance {tolerance:E0})");
    }
}
