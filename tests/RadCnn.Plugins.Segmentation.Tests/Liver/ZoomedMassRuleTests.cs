using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The zoomed mass reading: which of its components join the reported masses (dark and compact ones; not bright ones, not
/// long thin ones, not specks, not those touching a reported mass), the liver level and noise they are judged against,
/// and the cascade's wiring (the zoomed reading runs on fine series only, adds what the first reading missed, and says so).
/// </summary>
public sealed class ZoomedMassRuleTests
{
    private static readonly CascadeSettings Rule = new() { MinimumMassMl = 0.4, ZoomedMassSpacingMm = 1.25 };

    [Fact]
    public void ADarkCompactComponentJoinsWhileBrightThinSmallOrTouchingOnesDoNot()
    {
        // 1.5 mm voxels: a +60 HU liver (noise SD 10 HU) filling the volume, every shape below drawn by the zoomed reading.
        var hu = Liver(40, 80, 80, 1.5, out var random);
        var zoomed = new float[hu.Count];
        var reported = new bool[hu.Count];
        void Ball((int Z, int Y, int X) c, double radius, float value, bool draw = true, bool report = false) =>
            Paint(hu, c, (z, y, x) => ((z - c.Z) * (z - c.Z)) + ((y - c.Y) * (y - c.Y)) + ((x - c.X) * (x - c.X)) <= radius * radius, value, random, zoomed, reported, draw, report);

        Ball((10, 15, 15), 5, -20);               // dark, compact, 7.5 mm radius: joins
        Ball((10, 15, 60), 5, 200);               // bright (a vessel's level): stays out
        Ball((20, 70, 10), 1.2, -20);             // dark but under the smallest mass: stays out
        Ball((10, 60, 20), 5, -20, report: true); // dark, but the first reading reported part of it: stays out
        // A dark rod, 3 voxels thick, running diagonally in-plane over 60 voxels: it fills about a twentieth of its box.
        Paint(hu, (30, 40, 40), (z, y, x) => Math.Abs(z - 30) <= 1 && Math.Abs(y - x) <= 1 && x >= 10 && x < 70, -20, random, zoomed, reported, true, false);
        var liver = Enumerable.Repeat(true, hu.Count).ToArray();

        var (labels, components) = ZoomedMassRule.Describe(hu, liver, reported, zoomed, Rule);
        var added = ZoomedMassRule.Added(hu, liver, reported, zoomed, Rule);

        var joined = Assert.Single(components, c => c.Joins);
        Assert.Equal(labels[ClassicalMassCombinationTests.Index(hu, 10, 15, 15)], joined.Label);
        Assert.True(joined.Contrast < -5, $"contrast {joined.Contrast:F1}");
        Assert.True(added[ClassicalMassCombinationTests.Index(hu, 10, 15, 15)]);
        Assert.Equal(labels.Count(l => l == joined.Label), added.Count(a => a));
        var bright = Assert.Single(components, c => c.Label == labels[ClassicalMassCombinationTests.Index(hu, 10, 15, 60)]);
        Assert.True(bright.Contrast > 5 && !bright.Joins);
        var rod = Assert.Single(components, c => c.Label == labels[ClassicalMassCombinationTests.Index(hu, 30, 40, 40)]);
        Assert.True(rod.Fill < Rule.ZoomedMassMinimumFill && rod.Contrast < Rule.ZoomedMassMaximumContrast && !rod.Joins, $"rod fill {rod.Fill:F2}");
        // The speck and the reported ball are not components the rule reads at all.
        Assert.DoesNotContain(components, c => c.Label == labels[ClassicalMassCombinationTests.Index(hu, 20, 70, 10)]);
        Assert.DoesNotContain(components, c => c.Label == labels[ClassicalMassCombinationTests.Index(hu, 10, 60, 20)]);
    }

    [Fact]
    public void TheLiverLevelAndNoiseAreRobustToBrightVessels()
    {
        var hu = Liver(20, 60, 60, 1.5, out _);
        var liver = Enumerable.Repeat(true, hu.Count).ToArray();
        var (median, noise) = ZoomedMassRule.LevelAndNoise(hu, liver);
        Assert.InRange(median, 59, 61);
        Assert.InRange(noise, 9, 11);

        // One voxel in twelve a +250 HU vessel: the plain SD would be about 55 HU.
        var vessels = hu.Values.Select((v, i) => i % 12 == 0 ? 250f : v).ToArray();
        var (withMedian, withNoise) = ZoomedMassRule.LevelAndNoise(hu.WithValues(vessels), liver);
        Assert.InRange(withMedian, 59, 63);
        Assert.InRange(withNoise, 9, 13);
        Assert.Equal((0.0, 1.0), ZoomedMassRule.LevelAndNoise(hu, new bool[hu.Count]));
    }

    [Fact]
    public async Task TheCascadeAddsWhatOnlyTheZoomedReadingDrawsOnFineSeriesAlone()
    {
        // A stand-in mass network at p 0.9 on dark voxels: under a 0.95 mass threshold the first reading reports nothing, the
        // zoomed one (0.5) draws the 10 mm hypodense sphere of the classical tests' liver.
        var settings = new CascadeSettings { LiverThreshold = 0.5, MassThreshold = 0.95, MinimumMassMl = 0.4, ZoomedMassSpacingMm = 1.25, ZoomedMassMaximumSourceSpacingMm = 2 };
        var (fine, sphere) = ClassicalMassCombinationTests.Volume(1.25);
        var result = await Cascade(settings).RunAsync(fine, CancellationToken.None);

        Assert.True(result.StageSeconds.ContainsKey("zoomed"));
        var lesion = Assert.Single(result.Lesions);
        Assert.InRange(lesion.LongestAxialDiameterMm, 15, 28);
        Assert.InRange(lesion.MeanProbability, 0.85, 0.95);
        var overlap = Enumerable.Range(0, fine.Count).Count(i => result.Masses[i] && sphere[i]);
        Assert.True(2.0 * overlap / (result.Masses.Count(m => m) + sphere.Count(s => s)) > 0.7);
        Assert.Equal(Enumerable.Range(0, fine.Count).Where(i => result.Masses[i]), result.ZoomedMassVoxels);
        Assert.Equal(result.Masses, result.NetworkMasses);
        Assert.Single(ZoomedMassRule.FoundByZoomedReading(result, ReportedMassVoxels.Of(fine, result)));
        Assert.Empty(ClassicalMassProbe.FoundOnlyByCandidates(result, ReportedMassVoxels.Of(fine, result)));
        Assert.NotNull(result.ZoomedGrid);
        Assert.Equal((1.25, 1.25, 1.25), (result.ZoomedGrid!.SpacingZ, result.ZoomedGrid.SpacingY, result.ZoomedGrid.SpacingX));

        // The same liver on 2.5 mm voxels is coarser than the gate: one reading, no mass; and off by default.
        var (coarse, _) = ClassicalMassCombinationTests.Volume(2.5);
        var skipped = await Cascade(settings).RunAsync(coarse, CancellationToken.None);
        Assert.False(skipped.StageSeconds.ContainsKey("zoomed"));
        Assert.Null(skipped.ZoomedMassVoxels);
        Assert.Empty(skipped.Lesions);
        var off = await Cascade(settings with { ZoomedMassSpacingMm = 0 }).RunAsync(fine, CancellationToken.None);
        Assert.Empty(off.Lesions);
        Assert.Empty(ZoomedMassRule.FoundByZoomedReading(off, ReportedMassVoxels.Of(fine, off)));
    }

    [Fact]
    public void BadZoomSettingsAreRefused()
    {
        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        shipped.Validate();
        (shipped with { ZoomedMassSpacingMm = 0 }).Validate();
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassSpacingMm = 2.5 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassSpacingMm = 0.2 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassThreshold = 1 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassMinimumFill = 1 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassMaximumContrast = double.NaN }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ZoomedMassMaximumSourceSpacingMm = 0 }).Validate());
    }

    private static LiverCascade Cascade(CascadeSettings settings) =>
        new(new LevelPatchModel(CascadeSettings.LiverStage.Normalize(-60)), new LevelPatchModel(CascadeSettings.MassStage.Normalize(0), above: false, logit: 2.2f), settings);

    private static CtVolume Liver(int depth, int height, int width, double spacing, out Random random)
    {
        random = new Random(5);
        var values = new float[depth * height * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(60 + Gaussian(random, 10));
        }

        return new CtVolume(values, depth, height, width, spacing, spacing, spacing);
    }

    private static void Paint(CtVolume hu, (int Z, int Y, int X) centre, Func<int, int, int, bool> inside, float value, Random random, float[] zoomed, bool[] reported, bool draw, bool report)
    {
        for (var z = 0; z < hu.Depth; z++)
        {
            for (var y = 0; y < hu.Height; y++)
            {
                for (var x = 0; x < hu.Width; x++)
                {
                    if (!inside(z, y, x))
                    {
                        continue;
                    }

                    var i = ClassicalMassCombinationTests.Index(hu, z, y, x);
                    hu.Values[i] = (float)(value + Gaussian(random, 10));
                    zoomed[i] = draw ? 0.9f : 0f;
                    reported[i] |= report && z == centre.Z && y == centre.Y && x == centre.X;
                }
            }
        }
    }

    private static double Gaussian(Random random, double sd) => sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
