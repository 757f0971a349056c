using RadCnn.Plugins.Segmentation.Training;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

public sealed class CtIntensityAugmentationTests
{
    private const double WindowWidth = 400;

    /// <summary>
    /// Over many draws: a portal-venous liver (100 HU, 0.6 on the 60/400 window) is moved over a range
    /// that includes the arterial-phase liver (60-85 HU), the window's ends (air, dense bone) stay where
    /// they are, the tissues keep their order without noise, and some patches are left untouched.
    /// </summary>
    [Fact]
    public void ContrastCurvesCoverTheArterialPhaseAndKeepTheWindowEnds()
    {
        var liver = new List<double>();
        var untouched = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            float[] patch = [0f, 0.2f, 0.45f, 0.6f, 0.75f, 1f, .. Enumerable.Repeat(0.6f, 400)];
            var output = CtIntensityAugmentation.Apply(patch, WindowWidth, new Random(seed));
            if (ReferenceEquals(output, patch))
            {
                untouched++;
                continue;
            }

            Assert.All(output, v => Assert.InRange(v, 0f, 1f));
            var mean = output.Skip(6).Average();
            liver.Add((mean * WindowWidth) - 140);
            var noise = Math.Sqrt(output.Skip(6).Average(v => (v - mean) * (v - mean))) * WindowWidth;
            if (output.Skip(6).All(v => v == output[6]))
            {
                Assert.Equal(0f, output[0]);
                Assert.Equal(1f, output[5]);
                Assert.True(output[1] <= output[2] && output[2] <= output[3] && output[3] <= output[4], "the curve is monotone");
            }
            else
            {
                Assert.InRange(noise, 0, 30);
            }
        }

        Assert.InRange(untouched, 80, 160);
        liver.Sort();
        Assert.True(liver[(int)(0.1 * liver.Count)] <= 75, $"10th percentile of the liver's HU {liver[(int)(0.1 * liver.Count)]:F0} should reach the arterial phase");
        Assert.True(liver[(int)(0.9 * liver.Count)] >= 110, $"90th percentile {liver[(int)(0.9 * liver.Count)]:F0} should stay near the portal-venous phase");
    }

    /// <summary>
    /// Without the extra noise the draws stay the same: a uniform 100 HU liver leaves as one value, the value the noisy
    /// form's curve gave it on average, for every seed; with the noise some seeds spread it.
    /// </summary>
    [Fact]
    public void WithoutExtraNoiseTheSameCurvesLeaveAUniformTissueUniform()
    {
        var spread = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            float[] patch = [.. Enumerable.Repeat(0.6f, 400)];
            var quiet = CtIntensityAugmentation.Apply(patch, WindowWidth, new Random(seed), extraNoise: false);
            var noisy = CtIntensityAugmentation.Apply(patch, WindowWidth, new Random(seed));
            Assert.All(quiet, v => Assert.Equal(quiet[0], v));
            Assert.Equal(quiet[0], noisy.Average(), 1);
            spread += noisy.Distinct().Count() > 1 ? 1 : 0;
        }

        Assert.InRange(spread, 20, 60);
    }
}
