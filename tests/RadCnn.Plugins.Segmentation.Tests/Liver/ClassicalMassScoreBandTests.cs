using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The classical candidates' score by the series' voxel size: coarse series keep the single score, finer ones the last band
/// whose lower bound their finest voxel side reaches, a series finer than every band is skipped, and a table the cascade
/// could not use as written is refused at start-up with the row named.
/// </summary>
public sealed class ClassicalMassScoreBandTests
{
    private static readonly CascadeSettings Banded = new()
    {
        ClassicalMasses = true,
        ClassicalMassMinimumScore = 5.5,
        ClassicalMassMinimumSpacingMm = 2.5,
        ClassicalMassScoreBands = [Band(0.7, 20), Band(1.45, 15)],
    };

    [Theory]
    [InlineData(4.0, 5.5)]
    [InlineData(2.5, 5.5)]
    [InlineData(2.0, 15.0)]
    [InlineData(1.45, 15.0)]
    [InlineData(1.0, 20.0)]
    [InlineData(0.7, 20.0)]
    public void TheScoreFollowsTheFinestVoxelSide(double finestMm, double expected) =>
        Assert.Equal(expected, Banded.ClassicalMassMinimumScoreFor(finestMm));

    [Fact]
    public void ASeriesFinerThanEveryBandIsSkippedAsWithoutATable()
    {
        // Finer than the finest band (0.7 mm) no score was chosen.
        Assert.Null(Banded.ClassicalMassMinimumScoreFor(0.6));
        var plain = Banded with { ClassicalMassScoreBands = [] };
        Assert.Null(plain.ClassicalMassMinimumScoreFor(1.0));
        Assert.Equal(5.5, plain.ClassicalMassMinimumScoreFor(3.0));
    }

    [Fact]
    public void TheShippedTableGivesEachPhantomMatrixItsChosenScore()
    {
        // The finest pixels the phantom generator draws: 128 → 2.93 mm, 256 → 1.465 mm, 512 → 0.732 mm.
        var shipped = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        shipped.Validate();
        Assert.Equal(5.5, shipped.ClassicalMassMinimumScoreFor(2.93));
        Assert.Equal(15.5, shipped.ClassicalMassMinimumScoreFor(1.465));
        Assert.Equal(20, shipped.ClassicalMassMinimumScoreFor(0.732));
        Assert.Null(shipped.ClassicalMassMinimumScoreFor(0.6));
    }

    [Fact]
    public void TheFinestSideOfAnAnisotropicSeriesPicksTheBandAndTheSwitchStillRules()
    {
        // 0.75 mm pixels in 5 mm slices: the pixels decide.
        var hu = new CtVolume(new float[8], 2, 2, 2, 5, 0.75, 0.75);
        Assert.Equal(20, Banded.ClassicalMassScoreFor(hu));
        Assert.Null((Banded with { ClassicalMasses = false }).ClassicalMassScoreFor(hu));
        Assert.Null((Banded with { ClassicalMassScoreBands = [] }).ClassicalMassScoreFor(hu));
    }

    [Fact]
    public void ABandedTableValidatesAndBadRowsAreRefusedByRow()
    {
        Banded.Validate();
        Assert.Contains("row 2", Refusal(Banded with { ClassicalMassScoreBands = [Band(1.45, 15), Band(0.7, 20)] }));
        Assert.Contains("row 2", Refusal(Banded with { ClassicalMassScoreBands = [Band(1.0, 15), Band(1.0, 20)] }));
        Assert.Contains("row 1", Refusal(Banded with { ClassicalMassScoreBands = [Band(0, 15)] }));
        Assert.Contains("row 1", Refusal(Banded with { ClassicalMassScoreBands = [Band(double.NaN, 15)] }));
        Assert.Contains("could never be used", Refusal(Banded with { ClassicalMassScoreBands = [Band(2.5, 15)] }));
        Assert.Contains("MinimumScore", Refusal(Banded with { ClassicalMassScoreBands = [Band(1.0, 0)] }));
        Assert.Contains("MinimumScore", Refusal(Banded with { ClassicalMassScoreBands = [Band(1.0, double.PositiveInfinity)] }));
        Assert.Contains("must be a list", Refusal(Banded with { ClassicalMassScoreBands = null! }));
    }

    [Fact]
    public void TheTableReadsFromCascadeJsonAndFromThePluginSetting()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "classicalMasses": true, "classicalMassMinimumScore": 5.5, "classicalMassMinimumSpacingMm": 2.5, "classicalMassScoreBands": [ { "fromSpacingMm": 0.7, "minimumScore": 20 }, { "fromSpacingMm": 1.45, "minimumScore": 15 } ] }""");
            var loaded = CascadeSettings.Load(path);
            Assert.Equal(Banded.ClassicalMassScoreBands, loaded.ClassicalMassScoreBands);
            loaded.Validate();
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(Banded.ClassicalMassScoreBands, ClassicalMassScoreBand.ParseList("0.7:20, 1.45:15"));
        Assert.Empty(ClassicalMassScoreBand.ParseList("none"));
        var refused = Assert.Throws<InvalidOperationException>(() => ClassicalMassScoreBand.ParseList("0.7:20,1.45-15"));
        Assert.Contains("'1.45-15'", refused.Message);
    }

    [Fact]
    public async Task TheCascadeRunsTheCandidatesAtTheBandsScoreOnAFineSeries()
    {
        // The 1.25 mm sphere the plain table skips: a band's ordinary score finds it, an unreachable one runs the stage and keeps nothing.
        var (hu, _) = ClassicalMassCombinationTests.Volume(1.25);
        var found = await ClassicalMassCombinationTests.Cascade(Banded with { ClassicalMassScoreBands = [Band(1.0, 5.5)] }).RunAsync(hu, CancellationToken.None);
        Assert.Single(found.Lesions);
        var strict = await ClassicalMassCombinationTests.Cascade(Banded with { ClassicalMassScoreBands = [Band(1.0, 1e6)] }).RunAsync(hu, CancellationToken.None);
        Assert.True(strict.StageSeconds.ContainsKey("classical"));
        Assert.Empty(strict.Lesions);
    }

    private static ClassicalMassScoreBand Band(double from, double score) => new() { FromSpacingMm = from, MinimumScore = score };

    private static string Refusal(CascadeSettings settings) => Assert.Throws<InvalidOperationException>(settings.Validate).Message;
}
