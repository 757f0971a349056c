using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The shipped uterus model on held-out phantoms (seed 9101, read back from their DICOM files and SEG):
/// a small, fast subset of `bench/segmentation --uterus`. The bar sits below the README's full-run mean
/// (0.924 on 12 cases of seed 9001, 95% CI from 0.892; the bar is that lower bound less a margin for
/// four cases), above what plugin 1.1.0's network reached there (0.840, CI from 0.752), and far above an
/// untrained network's Dice (about 0); the tumour on the cases that have one, and no tumour reported on
/// those that have none.
/// </summary>
[Collection(PelvisPhantomCollection.Name)]
public sealed class UterusEvalTests(PelvisPhantomFixture phantoms)
{
    /// <summary>Mean uterus Dice the held-out cases must reach.</summary>
    private const double UterusDiceBar = 0.85;

    /// <summary>
    /// Mean tumour Dice the held-out cases with a tumour must reach: plugin 1.4.0 (1.3.0's cascade at the
    /// thresholds chosen on 32 validation phantoms) measured 0.608 and 0.818 on this set's two tumours
    /// (bench, `--uterus --cases 4 --seed 9101`) and 0.652 [0.387, 0.808] on 12 cases of seed 9001; plugin
    /// 1.2.0's whole-slice tumour network reached 0.04 there (CI to 0.13).
    /// </summary>
    private const double TumourDiceBar = 0.5;

    [Fact]
    public async Task HeldOutPhantomsMeetTheStatedBar()
    {
        var cases = await ShippedUterusModel.EvaluateCasesAsync(phantoms.Folder);
        var metrics = cases.Select(c => c.Metrics).ToList();
        Assert.Equal(PelvisPhantomFixture.Count, metrics.Count);
        var detail = ShippedUterusModel.Describe(metrics);
        var mean = metrics.Average(m => m.UterusDice);
        Assert.True(mean >= UterusDiceBar, $"uterus Dice {mean:F3} < {UterusDiceBar} ({detail})");

        // The tumour (the cascade since plugin 1.3.0): two of these four cases have one, two have none.
        var withTumour = metrics.Where(m => m.TruthHasTumour).ToList();
        Assert.NotEmpty(withTumour);
        Assert.Contains(metrics, m => !m.TruthHasTumour);
        var tumourDice = withTumour.Average(m => m.TumourDice!.Value);
        Assert.True(tumourDice >= TumourDiceBar, $"tumour Dice {tumourDice:F3} < {TumourDiceBar} ({detail})");
        Assert.All(metrics.Where(m => !m.TruthHasTumour), m => Assert.False(m.ReportedTumour, $"{m.Id}: a tumour reported on a tumour-free case ({detail})"));

        // What the SEG and the SR report must be one consistent pair: the tumour is part of the uterus, the
        // uterine volume counts it, and the depth of invasion is the one measured on these masks.
        Assert.All(cases, c =>
        {
            Assert.DoesNotContain(Enumerable.Range(0, c.Result.Tumour.Length), i => c.Result.Tumour[i] && !c.Result.Uterus[i]);
            Assert.True(c.Result.UterusVolumeMl >= c.Result.TumourVolumeMl);
            Assert.Equal(WallInvasion.Fraction(c.Result.Uterus, c.Result.Tumour, c.Mr.Slices, c.Mr.Rows, c.Mr.Columns, c.Mr.Spacing), c.Result.InvasionFraction);
        });

        // The decision on these real maps when the uterus network leaves the tumour out (its probability
        // cut away over the found tumour and a ring of one slice and two pixels around it, as a missed
        // cervix): the 1.3.0 rule (reach 0) loses the tumour; a reach past the ring keeps the same tumour
        // and counts it in the uterus, with a depth of invasion measured on those masks.
        var found = cases.Where(c => c.Metrics.TumourDice > 0.5).ToList();
        Assert.NotEmpty(found);
        foreach (var (mr, _, result) in found)
        {
            var cut = (float[])result.UterusProbability.Clone();
            var ring = UterusSegmenter.Grow(result.Tumour, mr.Slices, mr.Rows, mr.Columns, 1, 2, 2);
            for (var i = 0; i < cut.Length; i++)
            {
                cut[i] = ring[i] ? 0 : cut[i];
            }

            var settings = ShippedUterusModel.Settings;
            var (touching, lost) = UterusSegmenter.Decide(cut, result.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { TumourReachMm = 0 });
            Assert.True(RadCnn.Training.Metrics.OverlapMetrics.Dice(lost, result.Tumour) < 0.1, $"{mr.Id}: the tumour kept at reach 0 although cut off from the uterus");
            var reach = 3 * Math.Max(mr.Spacing.Z, 2 * Math.Max(mr.Spacing.Y, mr.Spacing.X));
            var (uterus, tumour) = UterusSegmenter.Decide(cut, result.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { TumourReachMm = reach });
            Assert.Equal(result.Tumour, tumour);
            Assert.Equal(touching.Count(b => b) + tumour.Count(b => b), uterus.Count(b => b));
            Assert.DoesNotContain(Enumerable.Range(0, tumour.Length), i => tumour[i] && !uterus[i]);
            Assert.InRange(WallInvasion.Fraction(uterus, tumour, mr.Slices, mr.Rows, mr.Columns, mr.Spacing)!.Value, 0, 1);
        }
    }
}
