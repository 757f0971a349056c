using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The cascade's smallest-mass rule: by volume (plugin 1.4.0's cascade.json, 0.4 mL) and, when set, by longest axial
/// diameter, which keeps a thin 10 mm mass that a high threshold shrank below the volume rule and still drops specks.
/// </summary>
public sealed class MassSizeRuleTests
{
    // 12 slices of 40 × 40 voxels at 2.5 mm: a voxel is 0.015625 mL.
    private const int Depth = 12;
    private const int Side = 40;

    [Fact]
    public void ADiameterRuleKeepsAThinMassTheVolumeRuleDropsAndStillDropsASpeck()
    {
        var (hu, liver, probability) = Volume();
        var byVolume = new CascadeSettings { MassThreshold = 0.5, MinimumMassMl = 0.4 };
        var (masses, lesions) = LiverCascade.Decide(hu, liver, probability, byVolume);
        Assert.Empty(lesions);
        Assert.DoesNotContain(true, masses);

        var byDiameter = byVolume with { MinimumMassMl = 0, MinimumMassDiameterMm = 5 };
        (masses, lesions) = LiverCascade.Decide(hu, liver, probability, byDiameter);
        var kept = Assert.Single(lesions);
        Assert.Equal(25, kept.Voxels);
        Assert.InRange(kept.LongestAxialDiameterMm, 17, 18); // the 12.5 mm square's diagonal, edge to edge
        Assert.Equal(25, masses.Count(m => m));
        Assert.False(masses[Index(6, 30, 30)]); // the one-voxel speck is gone from the mask too

        var neither = byVolume with { MinimumMassMl = 0, MinimumMassDiameterMm = 0 };
        Assert.Equal(2, LiverCascade.Decide(hu, liver, probability, neither).Lesions.Count);
    }

    [Fact]
    public void BothRulesMustHoldWhenBothAreSet()
    {
        var (hu, liver, probability) = Volume();
        var both = new CascadeSettings { MassThreshold = 0.5, MinimumMassMl = 0.4, MinimumMassDiameterMm = 5 };
        Assert.Empty(LiverCascade.Decide(hu, liver, probability, both).Lesions);
    }

    [Fact]
    public void TheShippedThresholdsKeepTheVolumeRuleAlone()
    {
        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        Assert.Equal(0, shipped.MinimumMassDiameterMm);
        Assert.Equal(0.4, shipped.MinimumMassMl);
        Assert.Equal((2.5, 2.5, 2.5), CascadeSettings.MassStage.Spacing);
    }

    private static int Index(int z, int y, int x) => (((z * Side) + y) * Side) + x;

    /// <summary>All liver; a 5 × 5-voxel square on one slice (0.39 mL) and a one-voxel speck above the threshold.</summary>
    private static (CtVolume Hu, bool[] Liver, float[] Probability) Volume()
    {
        var hu = new CtVolume(new float[Depth * Side * Side], Depth, Side, Side, 2.5, 2.5, 2.5);
        var liver = Enumerable.Repeat(true, hu.Count).ToArray();
        var probability = new float[hu.Count];
        for (var y = 10; y < 15; y++)
        {
            for (var x = 10; x < 15; x++)
            {
                probability[Index(6, y, x)] = 0.9f;
            }
        }

        probability[Index(6, 30, 30)] = 0.9f;
        return (hu, liver, probability);
    }
}
