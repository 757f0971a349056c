using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Metrics;

namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>
/// Scores the uterus model on labelled MR: uterus Dice and volume error, tumour Dice on cases with a
/// tumour, whether a tumour was reported at all (for the tumour-free cases), and the depth of invasion
/// measured the same way (<see cref="WallInvasion"/>) on the prediction and on the ground truth.
/// </summary>
internal static class UterusEvaluator
{
    public static async Task<(UterusCaseMetrics Metrics, UterusResult Result)> EvaluateAsync(UterusSegmenter segmenter, LabelledMr mr, CancellationToken cancellationToken)
    {
        var result = await segmenter.RunAsync(mr.Voxels, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, cancellationToken).ConfigureAwait(false);
        return (Score(mr, result.Uterus, result.Tumour) with { Seconds = result.Seconds }, result);
    }

    public static UterusCaseMetrics Score(LabelledMr mr, bool[] uterus, bool[] tumour)
    {
        var truthHasTumour = mr.Tumour.Contains(true);
        var reported = tumour.Contains(true);
        var truthMl = mr.Uterus.Count(b => b) * mr.VoxelVolumeMl;
        var predictedMl = uterus.Count(b => b) * mr.VoxelVolumeMl;
        return new UterusCaseMetrics(
            mr.Id,
            OverlapMetrics.Dice(uterus, mr.Uterus),
            truthMl > 0 ? 100 * (predictedMl - truthMl) / truthMl : double.NaN,
            truthHasTumour,
            reported,
            truthHasTumour ? OverlapMetrics.Dice(tumour, mr.Tumour) : null,
            WallInvasion.Fraction(mr.Uterus, mr.Tumour, mr.Slices, mr.Rows, mr.Columns, mr.Spacing),
            WallInvasion.Fraction(uterus, tumour, mr.Slices, mr.Rows, mr.Columns, mr.Spacing));
    }
}
