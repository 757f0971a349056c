using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The classical mass candidates: a hypodense sphere in a noisy liver is the strongest candidate, at its centre and about
/// its size, and grows back into a mask; a bright vessel-like tube through the same liver scores well below it.
/// </summary>
public sealed class MassBlobDetectorTests
{
    // 40 slices of 64 × 64 voxels at 2.5 mm; a +60 HU ellipsoidal liver (45 × 70 × 70 mm radii) in −100 HU fat.
    private const int Depth = 40;
    private const int Side = 64;
    private const double Spacing = 2.5;
    private static readonly (int Z, int Y, int X) SphereCentre = (20, 24, 24);
    private const double SphereRadiusMm = 10;
    private static readonly (int Y, int X) TubeAxis = (40, 40);
    private const double TubeRadiusMm = 3;

    [Fact]
    public void ASphereIsFoundAtItsCentreAndSizeAndATubeScoresBelowIt()
    {
        var (hu, liver, sphere) = Volume();
        var blobs = MassBlobDetector.Find(hu, liver);

        var best = blobs[0];
        Assert.Equal(-1, best.Sign);
        Assert.True(MassBlobDetector.DistanceMm(hu, best, SphereCentre.Z, SphereCentre.Y, SphereCentre.X) <= Spacing * 1.5, $"best candidate at ({best.Z},{best.Y},{best.X})");
        Assert.InRange(best.RadiusMm, 7, 14);
        Assert.True(best.Blobness > 0.5, $"blobness {best.Blobness}");

        var onTube = blobs.Where(b => Math.Sqrt(Math.Pow((b.Y - TubeAxis.Y) * Spacing, 2) + Math.Pow((b.X - TubeAxis.X) * Spacing, 2)) <= 5).ToList();
        Assert.All(onTube, b => Assert.True(b.Score < 0.5 * best.Score, $"tube candidate r {b.RadiusMm} mm score {b.Score:F2} against the sphere's {best.Score:F2}"));

        var mask = MassBlobDetector.Mask(hu, liver, [best], k: 1.5, halfContrast: true);
        var overlap = Enumerable.Range(0, mask.Length).Count(i => mask[i] && sphere[i]);
        var dice = 2.0 * overlap / (mask.Count(m => m) + sphere.Count(s => s));
        Assert.True(dice > 0.8, $"mask Dice {dice:F2}");
    }

    [Fact]
    public void AMassCutByTheLiversEdgeKeepsItsResponseWithTheWeightedCentreAndShrinksUnderTheMedianFill()
    {
        var (hu, liver, mass) = EdgeVolume();
        var centre = (Z: 20, Y: 32, X: EdgeMassCentreX);

        var weighted = MassBlobDetector.Find(hu, liver, response: MassBlobResponse.WeightedCentre);
        var best = weighted[0];
        Assert.Equal(-1, best.Sign);
        Assert.True(MassBlobDetector.DistanceMm(hu, best, centre.Z, centre.Y, centre.X) <= 2.5 * Spacing, $"best candidate at ({best.Z},{best.Y},{best.X}), score {best.Score:F2}");
        Assert.InRange(best.RadiusMm, 5, 14);

        // The median fill replaces the half of the mass outside the eroded liver by the parenchyma: its response shrinks.
        var filled = MassBlobDetector.Find(hu, liver, response: MassBlobResponse.MedianFill);
        var nearMass = filled.Where(b => b.Sign < 0 && MassBlobDetector.DistanceMm(hu, b, centre.Z, centre.Y, centre.X) <= 3 * Spacing).Select(b => b.Score).DefaultIfEmpty(0).Max();
        Assert.True(nearMass < 0.8 * best.Score, $"median fill {nearMass:F2} against the weighted centre's {best.Score:F2}");

        var grown = MassBlobDetector.Mask(hu, liver, [best], k: 1, halfContrast: true);
        var overlap = Enumerable.Range(0, grown.Length).Count(i => grown[i] && mass[i]);
        var dice = 2.0 * overlap / (grown.Count(m => m) + mass.Count(s => s));
        Assert.True(dice > 0.6, $"mask Dice {dice:F2}");
    }

    [Fact]
    public void EveryResponseFindsAMassInsideTheLiverAndBadSettingsAreRefused()
    {
        var (hu, liver, _) = Volume();
        foreach (var response in Enum.GetValues<MassBlobResponse>())
        {
            var best = MassBlobDetector.Find(hu, liver, response: response)[0];
            Assert.Equal(-1, best.Sign);
            Assert.True(MassBlobDetector.DistanceMm(hu, best, SphereCentre.Z, SphereCentre.Y, SphereCentre.X) <= Spacing * 1.5, $"{response}: best candidate at ({best.Z},{best.Y},{best.X})");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => MassBlobDetector.Find(hu, liver, response: (MassBlobResponse)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => MassBlobDetector.Find(hu, liver, erosionMm: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MassBlobDetector.Find(hu, liver, erosionMm: double.NaN));
    }

    [Fact]
    public void TheCascadeReadsTheResponseByNameKeepsTheMedianFillWhenAbsentAndRefusesUnknownOnes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cascade-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{ "classicalMasses": true, "classicalMassMinimumScore": 5.5 }""");
            Assert.Equal(MassBlobResponse.MedianFill, CascadeSettings.Load(path).ClassicalMassResponse);
            File.WriteAllText(path, """{ "classicalMasses": true, "classicalMassMinimumScore": 5.5, "classicalMassResponse": "NormalisedConvolution" }""");
            var loaded = CascadeSettings.Load(path);
            Assert.Equal(MassBlobResponse.NormalisedConvolution, loaded.ClassicalMassResponse);
            loaded.Validate();
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(MassBlobResponse.WeightedCentre, LiverPipeline.ParseResponse(" weightedcentre "));
        Assert.Contains("ClassicalMassResponse", Assert.Throws<InvalidOperationException>(() => LiverPipeline.ParseResponse("gaussian")).Message);
        Assert.Contains("ClassicalMassResponse", Assert.Throws<InvalidOperationException>(() => LiverPipeline.ParseResponse("9")).Message);
        Assert.Throws<InvalidOperationException>(() => (new CascadeSettings { ClassicalMasses = true, ClassicalMassMinimumScore = 5.5, ClassicalMassResponse = (MassBlobResponse)9 }).Validate());
    }

    [Fact]
    public void TheNormalisedBlurIsTheMeanOfTheTrustedVoxelsAlone()
    {
        // Trusted voxels (x 0-1) hold 60, the untrusted ones 0 (as the detector passes them): the blur stays 60 beyond the
        // edge, and 7 voxels (3.5 σ) away, where under 1% of the kernel is trusted, it falls back.
        var grid = new CtVolume(new float[10 * 10 * 10], 10, 10, 10, Spacing, Spacing, Spacing);
        var weight = new float[grid.Count];
        var values = new float[grid.Count];
        for (var i = 0; i < values.Length; i++)
        {
            weight[i] = i % 10 < 2 ? 1 : 0;
            values[i] = 60 * weight[i];
        }

        var blurred = MassBlobDetector.NormalisedGaussian(grid, values, weight, 5, fallback: -999);
        Assert.All(Enumerable.Range(0, values.Length).Where(i => i % 10 < 5), i => Assert.InRange(blurred[i], 59.9, 60.1));
        Assert.All(Enumerable.Range(0, values.Length).Where(i => i % 10 == 9), i => Assert.Equal(-999f, blurred[i]));
    }

    [Fact]
    public void TheParenchymaLevelIgnoresAMinorityOfOutliers()
    {
        var values = Enumerable.Range(0, 100).Select(i => i < 80 ? 60f + (i % 5) - 2 : 200f).ToArray();
        var (median, sd) = MassBlobDetector.ParenchymaLevel(values, Enumerable.Repeat(true, values.Length).ToArray());
        Assert.InRange(median, 59, 61);
        Assert.InRange(sd, 0.5, 4);
    }

    // The edge case: the same liver without the tube, a −30 HU sphere of 10 mm radius centred on the liver's last voxel along
    // x (x 60), so that half of it lies outside the liver (fat there, not mass) and a slice of the rest in the eroded rim.
    private const int EdgeMassCentreX = 60;

    private static (CtVolume Hu, bool[] Liver, bool[] Mass) EdgeVolume(int centreX = EdgeMassCentreX)
    {
        var random = new Random(11);
        var values = new float[Depth * Side * Side];
        var liver = new bool[values.Length];
        var mass = new bool[values.Length];
        for (var z = 0; z < Depth; z++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var i = (((z * Side) + y) * Side) + x;
                    var inLiver = Math.Pow((z - 20) * Spacing / 45, 2) + Math.Pow((y - 32) * Spacing / 70, 2) + Math.Pow((x - 32) * Spacing / 70, 2) <= 1;
                    var inSphere = Math.Pow((z - 20) * Spacing, 2) + Math.Pow((y - 32) * Spacing, 2) + Math.Pow((x - centreX) * Spacing, 2) <= SphereRadiusMm * SphereRadiusMm;
                    var noise = 10 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    liver[i] = inLiver;
                    mass[i] = inLiver && inSphere;
                    values[i] = (float)((!inLiver ? -100 : inSphere ? -30 : 60) + noise);
                }
            }
        }

        return (new CtVolume(values, Depth, Side, Side, Spacing, Spacing, Spacing), liver, mass);
    }

    private static (CtVolume Hu, bool[] Liver, bool[] Sphere) Volume()
    {
        var random = new Random(7);
        var values = new float[Depth * Side * Side];
        var liver = new bool[values.Length];
        var sphere = new bool[values.Length];
        for (var z = 0; z < Depth; z++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var i = (((z * Side) + y) * Side) + x;
                    var inLiver = Math.Pow((z - 20) * Spacing / 45, 2) + Math.Pow((y - 32) * Spacing / 70, 2) + Math.Pow((x - 32) * Spacing / 70, 2) <= 1;
                    var inSphere = Math.Pow((z - SphereCentre.Z) * Spacing, 2) + Math.Pow((y - SphereCentre.Y) * Spacing, 2) + Math.Pow((x - SphereCentre.X) * Spacing, 2) <= SphereRadiusMm * SphereRadiusMm;
                    var inTube = Math.Pow((y - TubeAxis.Y) * Spacing, 2) + Math.Pow((x - TubeAxis.X) * Spacing, 2) <= TubeRadiusMm * TubeRadiusMm;
                    var noise = 10 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    liver[i] = inLiver;
                    sphere[i] = inLiver && inSphere;
                    values[i] = (float)((!inLiver ? -100 : inSphere ? -30 : inTube ? 170 : 60) + noise);
                }
            }
        }

        return (new CtVolume(values, Depth, Side, Side, Spacing, Spacing, Spacing), liver, sphere);
    }
}
