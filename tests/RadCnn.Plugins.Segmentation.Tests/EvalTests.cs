using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;

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

    private const double LiverDiceBar = 0.90;

    private const double VolumeErrorBar = 10;

    private const double Hd95Bar = 15;
}
