using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Plugins.Segmentation.Tests.Evaluation;

/// <summary>
/// The shipped cascade on the held-out phantoms (seed 9001, read back from their DICOM files and SEG):
/// a small, fast subset of `bench/segmentation`. The bars are below the README's full-run figures
/// so that three cases do not make the test flaky, and well above what an untrained network reaches.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class EvalTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task HeldOutPhantomsMeetTheStatedBar()
    {
        var settings = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        using var liverNet = UNetLoader.Load(CascadeSettings.LiverStage, Path.Combine(Repository.ModelFolder, "liver", "model.bin"));
        using var massNet = UNetLoader.Load(CascadeSettings.MassStage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        var cascade = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, CascadeSettings.MassStage.Patch), settings);
        var cases = LabelledCtFolder.Read(phantoms.Folder);
        Assert.Equal(PhantomFolderFixture.Count, cases.Count);
        var metrics = new List<CaseMetrics>();
        foreach (var ct in cases)
        {
            metrics.Add((await SegmentationEvaluator.EvaluateAsync(cascade, ct, null, CancellationToken.None)).Metrics);
        }

        var summary = EvaluationSummary.Of(metrics, 0, PhantomFolderFixture.Seed);
        var detail = string.Join("; ", metrics.Select(m => FormattableString.Invariant($"{m.Id}: Dice {m.LiverDice:F3}, HD95 {m.LiverHd95Mm:F1}, volume {m.LiverVolumeErrorPercent:F1}%")));
        Assert.True(summary.LiverDice.Mean >= LiverDiceBar, $"liver Dice {summary.LiverDice.Mean:F3} < {LiverDiceBar} ({detail})");
        Assert.True(summary.LiverAbsoluteVolumeErrorPercent.Mean <= VolumeErrorBar, $"liver volume error {summary.LiverAbsoluteVolumeErrorPercent.Mean:F1}% > {VolumeErrorBar}% ({detail})");
        Assert.True(summary.LiverHd95Mm.Mean <= Hd95Bar, $"liver HD95 {summary.LiverHd95Mm.Mean:F1} mm > {Hd95Bar} mm ({detail})");
    }

    /// <summary>
    /// The second, deliberately different generator (arterial phase, metaball livers, heavier noise),
    /// generated in memory: the first liver network, trained without intensity augmentation, reached
    /// Dice 0.74 [0.64, 0.83] and a volume error of 39% there; the bars are below the new network's
    /// 0.946 and 0.945 on these two cases (volume −0.4% and +3.3%).
    /// </summary>
    [Fact]
    public async Task SecondGeneratorLiverMeetsTheBar()
    {
        var settings = CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
        using var liverNet = UNetLoader.Load(CascadeSettings.LiverStage, Path.Combine(Repository.ModelFolder, "liver", "model.bin"));
        using var massNet = UNetLoader.Load(CascadeSettings.MassStage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        var cascade = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, CascadeSettings.MassStage.Patch), settings);
        var cases = PhantomCases.Generate(new AbdomenCtGenerator(AbdomenCtStyle.Alternate), 2, PhantomFolderFixture.Seed);
        foreach (var ct in cases)
        {
            var metrics = (await SegmentationEvaluator.EvaluateAsync(cascade, ct, null, CancellationToken.None)).Metrics;
            Assert.True(metrics.LiverDice >= SecondGeneratorLiverDiceBar, FormattableString.Invariant($"{ct.Id}: liver Dice {metrics.LiverDice:F3} < {SecondGeneratorLiverDiceBar} on the second generator"));
            Assert.True(Math.Abs(metrics.LiverVolumeErrorPercent) <= VolumeErrorBar, FormattableString.Invariant($"{ct.Id}: liver volume error {metrics.LiverVolumeErrorPercent:F1}% beyond {VolumeErrorBar}% on the second generator"));
        }
    }

    private const double LiverDiceBar = 0.90;

    private const double VolumeErrorBar = 10;

    private const double Hd95Bar = 15;

    private const double SecondGeneratorLiverDiceBar = 0.90;
}
