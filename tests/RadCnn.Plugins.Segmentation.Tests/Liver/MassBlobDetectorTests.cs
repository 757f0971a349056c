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
    public void TheParenchymaLevelIgnoresAMinorityOfOutliers()
    {
        var values = Enumerable.Range(0, 100).Select(i => i < 80 ? 60f + (i % 5) - 2 : 200f).ToArray();
        var (median, sd) = MassBlobDetector.ParenchymaLevel(values, Enumerable.Repeat(true, values.Length).ToArray());
        Assert.InRange(median, 59, 61);
        Assert.InRange(sd, 0.5, 4);
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
