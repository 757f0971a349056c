using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The cascade with the classical mass candidates added to the network's masses: a hypodense sphere that the mass network
/// does not draw ends up among the cascade's masses (the SEG's mass segment and the SR's mass groups are written from
/// them), the setting off gives the network's result back, and bad settings are refused before any series is read.
/// </summary>
public sealed class ClassicalMassCombinationTests
{
    // 40 slices of 64 × 64 voxels at 2.5 mm; a +60 HU ellipsoidal liver (45 × 70 × 70 mm radii) in −100 HU fat.
    private const int Depth = 40;
    private const int Side = 64;
    private const double Spacing = 2.5;
    private static readonly (int Z, int Y, int X) SphereCentre = (20, 26, 26);
    private const double SphereRadiusMm = 10;

    [Fact]
    public async Task ASphereOnlyTheClassicalPathFindsIsAMassAndTheSettingOffRestoresTheNetworkResult()
    {
        var (hu, sphere) = Volume();
        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        Assert.True(shipped.ClassicalMasses);

        var combined = await Cascade(shipped).RunAsync(hu, CancellationToken.None);
        var networkOnly = await Cascade(shipped with { ClassicalMasses = false }).RunAsync(hu, CancellationToken.None);

        // The mass network (a stand-in that draws nothing) finds nothing; the combination finds the sphere, once.
        Assert.DoesNotContain(true, networkOnly.Masses);
        Assert.Empty(networkOnly.Lesions);
        Assert.False(networkOnly.StageSeconds.ContainsKey("classical"));
        var lesion = Assert.Single(combined.Lesions);
        Assert.InRange(lesion.LongestAxialDiameterMm, 15, 28);
        var overlap = Enumerable.Range(0, hu.Count).Count(i => combined.Masses[i] && sphere[i]);
        var dice = 2.0 * overlap / (combined.Masses.Count(m => m) + sphere.Count(s => s));
        Assert.True(dice > 0.7, $"mass Dice {dice:F2}");
        Assert.True(combined.StageSeconds.ContainsKey("classical"));

        // The liver is the network's either way (the masses lie inside it).
        Assert.Equal(networkOnly.Liver, combined.Liver);
        Assert.Equal(networkOnly.LiverVolumeMl, combined.LiverVolumeMl);
    }

    [Fact]
    public async Task TheCandidatesSkipASeriesFinerThanTheyWereChosenOnUnlessAllowed()
    {
        var (hu, sphere) = Volume(1.25);
        // Without the score bands (plugin 1.5.0's table) a series finer than the gate is skipped.
        var plain = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName)) with { ClassicalMassScoreBands = [] };
        Assert.True(plain.ClassicalMassMinimumSpacingMm > 1.25);

        var skipped = await Cascade(plain).RunAsync(hu, CancellationToken.None);
        Assert.False(skipped.StageSeconds.ContainsKey("classical"));
        Assert.Empty(skipped.Lesions);

        var allowed = await Cascade(plain with { ClassicalMassMinimumSpacingMm = 0 }).RunAsync(hu, CancellationToken.None);
        var lesion = Assert.Single(allowed.Lesions);
        Assert.True(allowed.Masses[(((SphereCentre.Z * 2 * hu.Height) + (SphereCentre.Y * 2)) * hu.Width) + (SphereCentre.X * 2)], "the sphere's centre is a mass");
        Assert.InRange(lesion.LongestAxialDiameterMm, 15, 28);
        Assert.Equal(sphere.Length, allowed.Masses.Length);
    }

    [Fact]
    public void AFineSeriesIsAveragedOntoTheDetectorsGridAndTheMaskComesBackOnTheSource()
    {
        // The same liver and sphere at 1.25 mm: the detector works on 2.5 mm voxels and the mask returns at 1.25 mm.
        var (hu, sphere) = Volume(1.25);
        var liver = Array.ConvertAll(hu.Values, v => v > -60);
        var view = ClassicalMassStage.Prepare(hu, liver)!;
        Assert.Equal((ClassicalMassStage.GridFloorMm, ClassicalMassStage.GridFloorMm, ClassicalMassStage.GridFloorMm), (view.Hu.SpacingZ, view.Hu.SpacingY, view.Hu.SpacingX));
        Assert.True(view.Hu.Count * 7 < hu.Count, $"{view.Hu.Count} detector voxels for {hu.Count} source voxels");

        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        var mask = ClassicalMassStage.Masses(hu, liver, shipped.ClassicalMassMinimumScore, shipped.ClassicalMassResponse);
        Assert.Equal(hu.Count, mask.Length);
        var overlap = Enumerable.Range(0, hu.Count).Count(i => mask[i] && sphere[i]);
        var dice = 2.0 * overlap / (mask.Count(m => m) + sphere.Count(s => s));
        Assert.True(dice > 0.7, $"mask Dice {dice:F2} on the 1.25 mm source");
    }

    [Fact]
    public void OnlyNewAddsNoComponentThatTouchesANetworkMass()
    {
        var hu = new CtVolume(new float[10 * 10 * 10], 10, 10, 10, 2.5, 2.5, 2.5);
        var network = new bool[hu.Count];
        var classical = new bool[hu.Count];
        network[Index(hu, 2, 2, 2)] = true;
        classical[Index(hu, 2, 2, 2)] = classical[Index(hu, 2, 2, 3)] = true; // touches the network's mass
        classical[Index(hu, 7, 7, 7)] = true; // a mass of its own

        var onlyNew = ClassicalMassStage.Addition(hu, network, classical, onlyNew: true);
        Assert.Equal(1, onlyNew.Count(b => b));
        Assert.True(onlyNew[Index(hu, 7, 7, 7)]);
        Assert.Equal(3, ClassicalMassStage.Addition(hu, network, classical, onlyNew: false).Count(b => b));
    }

    [Fact]
    public void TheShippedSettingsValidateAndBadOnesAreRefused()
    {
        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        shipped.Validate();
        Assert.Throws<InvalidOperationException>(() => (shipped with { ClassicalMassMinimumScore = 0 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ClassicalMassMinimumScore = double.NaN }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { MassThreshold = 1.2 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { MinimumMassMl = -1 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (shipped with { ClassicalMassMinimumSpacingMm = -1 }).Validate());
        // A score is not needed while the candidates are off.
        (shipped with { ClassicalMasses = false, ClassicalMassMinimumScore = 0 }).Validate();
    }

    internal static int Index(CtVolume hu, int z, int y, int x) => (((z * hu.Height) + y) * hu.Width) + x;

    /// <summary>Stand-in networks: the liver network calls liver whatever is brighter than −60 HU, the mass network nothing.</summary>
    internal static LiverCascade Cascade(CascadeSettings settings) =>
        new(new LevelPatchModel(CascadeSettings.LiverStage.Normalize(-60)), new LevelPatchModel(float.PositiveInfinity), settings);

    /// <summary>
    /// The liver (+60 HU) and a sphere (<paramref name="sphereHu"/>) in millimetres, sampled at <paramref name="spacing"/> (2.5 mm:
    /// 40 slices of 64 × 64 voxels), noise SD 10 HU.
    /// </summary>
    internal static (CtVolume Hu, bool[] Sphere) Volume(double spacing = Spacing, double sphereHu = -30)
    {
        var random = new Random(11);
        var scale = Spacing / spacing;
        int depth = (int)(Depth * scale), side = (int)(Side * scale);
        var values = new float[depth * side * side];
        var sphere = new bool[values.Length];
        for (var z = 0; z < depth; z++)
        {
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var i = (((z * side) + y) * side) + x;
                    double mz = z * spacing, my = y * spacing, mx = x * spacing;
                    var inLiver = Math.Pow((mz - (20 * Spacing)) / 45, 2) + Math.Pow((my - (32 * Spacing)) / 70, 2) + Math.Pow((mx - (32 * Spacing)) / 70, 2) <= 1;
                    var inSphere = Math.Pow(mz - (SphereCentre.Z * Spacing), 2) + Math.Pow(my - (SphereCentre.Y * Spacing), 2) + Math.Pow(mx - (SphereCentre.X * Spacing), 2) <= SphereRadiusMm * SphereRadiusMm;
                    var noise = 10 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    sphere[i] = inLiver && inSphere;
                    values[i] = (float)((!inLiver ? -100 : inSphere ? sphereHu : 60) + noise);
                }
            }
        }

        return (new CtVolume(values, depth, side, side, spacing, spacing, spacing), sphere);
    }
}
