using RadCnn.Training.Metrics;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Plots;

/// <summary>
/// The PNGs written beside the weights: loss and metric curves for training and validation (the
/// overfitting check of the review's Fig. 9: validation loss rising while training loss falls) and
/// the ROC curve on the test set.
/// </summary>
internal static class TrainingPlots
{
    public const string LossFile = "loss.png";
    public const string MetricFile = "metric.png";
    public const string RocFile = "roc.png";

    private const uint Blue = 0x1F77B4;
    private const uint Orange = 0xFF7F0E;

    public static IReadOnlyList<string> WriteCurves(string directory, string task, TrainingTaskKind kind, IReadOnlyList<EpochRecord> history)
    {
        var metric = PrimaryMetric.Name(kind);
        var loss = Path.Combine(directory, LossFile);
        LineChart.Save(loss, $"{task}: loss", "epoch", "loss",
        [
            new("training", history.Select(e => ((double)e.Epoch + 1, e.TrainLoss)).ToList(), Blue),
            new("validation", history.Select(e => ((double)e.Epoch + 1, e.ValidationLoss)).ToList(), Orange),
        ]);
        var metricPath = Path.Combine(directory, MetricFile);
        LineChart.Save(metricPath, $"{task}: {metric}", "epoch", metric,
        [
            new("training", history.Select(e => ((double)e.Epoch + 1, e.TrainMetric)).ToList(), Blue),
            new("validation", history.Select(e => ((double)e.Epoch + 1, e.ValidationMetrics.GetValueOrDefault(metric, double.NaN))).ToList(), Orange),
        ]);
        return [loss, metricPath];
    }

    public static string WriteRoc(string directory, string title, RocCurve roc, ConfidenceInterval? interval)
    {
        ArgumentNullException.ThrowIfNull(roc);
        var path = Path.Combine(directory, RocFile);
        var label = interval is null
            ? FormattableString.Invariant($"AUC {roc.Auc:F3}")
            : FormattableString.Invariant($"AUC {roc.Auc:F3} (95% CI {interval.Lower:F3}-{interval.Upper:F3})");
        LineChart.Save(path, title, "1 - specificity", "sensitivity",
        [
            new(label, roc.Points.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)).ToList(), Blue),
            new("chance", [(0, 0), (1, 1)], 0x999999, Dashed: true),
        ], (0, 1), (0, 1), legendAtBottom: true);
        return path;
    }
}
