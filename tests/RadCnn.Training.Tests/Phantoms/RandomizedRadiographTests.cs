using RadCnn.Training.Phantoms;

namespace RadCnn.Training.Tests.Phantoms;

public class RandomizedRadiographTests
{
    private readonly ChestRadiographGenerator randomized = new(size: 96, randomization: RadiographDomainRandomization.Wide);

    [Fact]
    public void The_same_seed_gives_the_same_image_and_the_class_follows_the_default_generator()
    {
        var plain = new ChestRadiographGenerator(size: 96);
        for (var i = 0; i < 12; i++)
        {
            var a = randomized.Generate(3, i);
            Assert.Equal(a.Pixels, randomized.Generate(3, i).Pixels);
            Assert.Equal(plain.Generate(3, i).Label, a.Label);
            Assert.Equal(a.Height * a.Width, a.Pixels.Length);
            Assert.Equal(a.Label == 1, a.LesionMask.Any(m => m == 1));
        }
    }

    [Fact]
    public void Detector_aspect_exposure_and_tone_curve_vary_between_cases()
    {
        var cases = Enumerable.Range(0, 30).Select(i => randomized.Generate(1, i)).ToList();

        Assert.True(cases.Select(c => c.Width).Distinct().Count() > 10, "the detector's aspect does not vary");
        Assert.Contains(cases, c => c.Width < 90);
        Assert.Contains(cases, c => c.Width > 102);
        Assert.True(cases.Max(c => c.Parameters["gamma"]) / cases.Min(c => c.Parameters["gamma"]) > 1.5);
        Assert.True(cases.Max(c => c.Parameters["exposure"]) / cases.Min(c => c.Parameters["exposure"]) > 3);
        Assert.All(cases, c => Assert.All(c.Pixels, p => Assert.InRange(p, (ushort)0, (ushort)4095)));
    }

    [Fact]
    public void Edge_enhancement_sharpens_some_radiographs_and_changes_nothing_else()
    {
        var processed = new ChestRadiographGenerator(size: 96, randomization: RadiographDomainRandomization.WideProcessed);
        var sharpened = 0;
        for (var i = 0; i < 16; i++)
        {
            var a = randomized.Generate(4, i);
            var b = processed.Generate(4, i);
            Assert.Equal((a.Label, a.Height, a.Width), (b.Label, b.Height, b.Width));
            Assert.Equal(a.LesionMask, b.LesionMask);
            if (a.Pixels.SequenceEqual(b.Pixels))
            {
                continue;
            }

            sharpened++;
            // Unsharp masking raises local contrast: the mean absolute difference of neighbouring pixels grows.
            Assert.True(Roughness(b) > Roughness(a) * 1.05, $"case {i}: roughness {Roughness(a):F2} -> {Roughness(b):F2}");
        }

        Assert.InRange(sharpened, 3, 13);
    }

    private static double Roughness(PhantomCase c) =>
        Enumerable.Range(0, c.Pixels.Length - 1).Where(i => (i + 1) % c.Width != 0).Average(i => Math.Abs(c.Pixels[i + 1] - (double)c.Pixels[i]));

    [Fact]
    public void Lesions_stay_at_their_marked_place_on_a_shifted_rotated_detector()
    {
        var sick = Enumerable.Range(0, 20).Select(i => randomized.Generate(2, i)).Where(c => c.Label == 1).ToList();
        Assert.NotEmpty(sick);
        foreach (var phantom in sick)
        {
            foreach (var lesion in phantom.Lesions.Where(l => l.Kind == "nodule"))
            {
                var (col, row) = ((int)Math.Round(lesion.CenterX), (int)Math.Round(lesion.CenterY));
                Assert.InRange(col, 0, phantom.Width - 1);
                Assert.InRange(row, 0, phantom.Height - 1);
                Assert.Equal(1, phantom.LesionMask[(row * phantom.Width) + col]);
            }
        }
    }
}
