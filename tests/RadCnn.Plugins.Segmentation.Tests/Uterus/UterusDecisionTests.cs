using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The uterus model's decision on probability maps whose answer is known: a tumour piece the uterus
/// network left out (beyond a gap, as a cervical tumour past a missed cervix) is kept only within the
/// validated reach and is then part of the uterus, so volume and depth of invasion read consistent masks;
/// the plugin 1.3.0 rule (reach 0: inside or touching) is unchanged.
/// </summary>
public sealed class UterusDecisionTests
{
    private const int Slices = 12;
    private const int Rows = 40;
    private const int Columns = 32;

    /// <summary>4 mm slices, 1 mm pixels: a voxel is 0.004 mL.</summary>
    private static readonly (double Z, double Y, double X) Spacing = (4.0, 1.0, 1.0);

    private static readonly UterusSettings Settings = new() { UterusThreshold = 0.6, TumourThreshold = 0.8, MinimumTumourMl = 0.1 };

    [Fact]
    public void ATumourInsideTheUterusIsKeptAtEveryReachAndTheUterusHoldsIt()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 2, 9, 5, 15, 5, 25, 0.9f);
        Fill(tumourP, 4, 6, 8, 12, 10, 16, 0.95f);
        foreach (var reach in new[] { 0.0, 5, 1000 })
        {
            var (uterus, tumour) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = reach });
            Assert.Equal(3 * 5 * 7, tumour.Count(b => b));
            Assert.Equal(8 * 11 * 21, uterus.Count(b => b));
        }
    }

    [Fact]
    public void ATumourBeyondAGapIsKeptWithinTheReachAndAddedToTheUterus()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 2, 9, 5, 15, 5, 25, 0.9f);
        // Rows 16-19 empty: the tumour's nearest row (20) is 5 mm from the uterus's last (15).
        Fill(tumourP, 4, 6, 20, 24, 10, 14, 0.95f);
        var uterusAlone = 8 * 11 * 21;
        var tumourVoxels = 3 * 5 * 5;

        var (touching, none) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings);
        Assert.False(none.Contains(true));
        Assert.Equal(uterusAlone, touching.Count(b => b));

        var (shortUterus, shortTumour) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 4 });
        Assert.False(shortTumour.Contains(true));
        Assert.Equal(uterusAlone, shortUterus.Count(b => b));

        var (uterus, tumour) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 5 });
        Assert.Equal(tumourVoxels, tumour.Count(b => b));
        Assert.True(tumour[Index(5, 22, 12)]);
        Assert.Equal(uterusAlone + tumourVoxels, uterus.Count(b => b));
        Assert.All(Enumerable.Range(0, tumour.Length).Where(i => tumour[i]), i => Assert.True(uterus[i], "a tumour voxel outside the uterus"));

        // Depth of invasion reads the same pair: the tumour is uterus, so its depth is measured, not taken as 0 (full invasion) for lying outside.
        var invasion = WallInvasion.Fraction(uterus, tumour, Slices, Rows, Columns, Spacing);
        var depth = WallInvasion.DepthInBox(uterus, Slices, Rows, Columns, Spacing);
        Assert.True(depth[Index(5, 22, 12)] > 0);
        Assert.NotNull(invasion);
        Assert.InRange(invasion!.Value, 0, 1);
    }

    [Fact]
    public void ThroughPlaneReachCountsSlicesInMillimetres()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 0, 3, 5, 15, 5, 25, 0.9f);
        // Slice 5 lies two slices (8 mm) past the uterus's last slice (3); in-plane it overlaps the uterus.
        Fill(tumourP, 5, 6, 8, 12, 10, 14, 0.95f);
        Assert.False(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 7 }).Tumour.Contains(true));
        Assert.True(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 8 }).Tumour.Contains(true));
    }

    [Fact]
    public void TheLargestPieceWithinReachWinsOverALargerOneBeyondIt()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 2, 9, 5, 15, 5, 20, 0.9f);
        Fill(tumourP, 4, 5, 17, 19, 8, 10, 0.95f);     // near: 2 mm below the uterus, 18 voxels
        Fill(tumourP, 2, 9, 30, 38, 22, 30, 0.95f);    // far: 15 mm away, far larger
        var (uterus, tumour) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 10, MinimumTumourMl = 0.05 });
        Assert.Equal(2 * 3 * 3, tumour.Count(b => b));
        Assert.True(tumour[Index(4, 18, 9)]);
        Assert.False(uterus[Index(5, 34, 26)]);

        // Anywhere (1000 mm): the larger piece.
        var anywhere = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 1000, MinimumTumourMl = 0.05 }).Tumour;
        Assert.True(anywhere[Index(5, 34, 26)]);
        Assert.False(anywhere[Index(4, 18, 9)]);
    }

    [Fact]
    public void ATumourBelowTheSmallestVolumeIsNotReportedNorAddedToTheUterus()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 2, 9, 5, 15, 5, 25, 0.9f);
        Fill(tumourP, 4, 4, 18, 19, 10, 11, 0.95f);    // 4 voxels, 0.016 mL
        var (uterus, tumour) = UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, Settings with { TumourReachMm = 10 });
        Assert.False(tumour.Contains(true));
        Assert.Equal(8 * 11 * 21, uterus.Count(b => b));
    }

    [Fact]
    public void AConfidentPieceBelowTheFloorIsReportedFromTheSmallerFloorOnly()
    {
        var (uterusP, tumourP) = Maps();
        Fill(uterusP, 2, 9, 5, 15, 5, 25, 0.9f);
        Fill(tumourP, 4, 5, 8, 12, 10, 14, 0.97f);     // 2 x 5 x 5 = 50 voxels, 0.2 mL, mean 0.97
        var rule = Settings with { MinimumTumourMl = 1, ConfidentTumourProbability = 0.95, ConfidentMinimumTumourMl = 0.1 };

        Assert.False(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, rule with { ConfidentTumourProbability = 2 }).Tumour.Contains(true));
        Assert.Equal(50, UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, rule).Tumour.Count(b => b));
        // Not confident enough (mean 0.97 below 0.98), or below the smaller floor (0.25 mL): dropped.
        Assert.False(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, rule with { ConfidentTumourProbability = 0.98 }).Tumour.Contains(true));
        Assert.False(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, rule with { ConfidentMinimumTumourMl = 0.25 }).Tumour.Contains(true));

        // The mean is over the piece as thresholded: a faint rim above the threshold pulls it down.
        Fill(tumourP, 3, 3, 8, 12, 10, 14, 0.81f);
        Assert.False(UterusSegmenter.Decide(uterusP, tumourP, Slices, Rows, Columns, Spacing, rule).Tumour.Contains(true));
    }

    [Fact]
    public void GrowingEqualsABruteForceBoxDilation()
    {
        var random = new Random(7);
        var mask = new bool[Slices * Rows * Columns];
        for (var k = 0; k < 25; k++)
        {
            mask[random.Next(mask.Length)] = true;
        }

        var grown = UterusSegmenter.Grow(mask, Slices, Rows, Columns, 1, 3, 2);
        for (var z = 0; z < Slices; z++)
        {
            for (var y = 0; y < Rows; y++)
            {
                for (var x = 0; x < Columns; x++)
                {
                    var expected = false;
                    for (var dz = -1; dz <= 1 && !expected; dz++)
                    {
                        for (var dy = -3; dy <= 3 && !expected; dy++)
                        {
                            for (var dx = -2; dx <= 2 && !expected; dx++)
                            {
                                var (zz, yy, xx) = (z + dz, y + dy, x + dx);
                                expected = zz >= 0 && zz < Slices && yy >= 0 && yy < Rows && xx >= 0 && xx < Columns && mask[Index(zz, yy, xx)];
                            }
                        }
                    }

                    Assert.Equal(expected, grown[Index(z, y, x)]);
                }
            }
        }
    }

    private static (float[] Uterus, float[] Tumour) Maps() => (new float[Slices * Rows * Columns], new float[Slices * Rows * Columns]);

    private static int Index(int z, int y, int x) => (((z * Rows) + y) * Columns) + x;

    /// <summary>Sets a block (bounds inclusive) to <paramref name="value"/>.</summary>
    private static void Fill(float[] map, int z0, int z1, int y0, int y1, int x0, int x1, float value)
    {
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    map[Index(z, y, x)] = value;
                }
            }
        }
    }
}
