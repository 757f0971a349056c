using RadCnn.Training.Metrics;

namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>
/// The scan-level measures of the nodule models: FROC sensitivity at 1 false positive per scan with a
/// bootstrap interval over scans, CPM, and for the detected nodules the malignancy AUC (bootstrap CI),
/// expected calibration error and sensitivity/specificity at a threshold.
/// </summary>
internal static class NoduleMetrics
{
    /// <summary>Sensitivity at 1 FP/scan of scans resampled with replacement: the 2.5 and 97.5 percentiles.</summary>
    public static (double Low, double High) BootstrapSensitivity(IReadOnlyList<ScanOutcome> scans, Func<NoduleReading, double> score, double rate, int resamples, int seed) =>
        BootstrapOverScans(scans, sample => sample.Sum(s => s.Truth.Count) > 0 ? FrocCurve.Compute(sample, score).SensitivityAt(rate) : double.NaN, resamples, seed);

    /// <summary>
    /// The share of true flags and its 95% interval by resampling whole scans (the flags of one scan are not independent:
    /// its nodules share a scan's noise and geometry); <paramref name="flags"/> holds each scan's flags, possibly none.
    /// </summary>
    public static (double Share, double Low, double High) BootstrapShare(IReadOnlyList<IReadOnlyList<bool>> flags, int resamples, int seed)
    {
        static double Share(IReadOnlyList<IReadOnlyList<bool>> scans)
        {
            int count = 0, set = 0;
            foreach (var scan in scans)
            {
                count += scan.Count;
                set += scan.Count(f => f);
            }

            return count == 0 ? double.NaN : (double)set / count;
        }

        var (low, high) = BootstrapOverScans(flags, Share, resamples, seed);
        return (Share(flags), low, high);
    }

    /// <summary>
    /// A statistic of scans resampled with replacement, <paramref name="resamples"/> times with <paramref name="seed"/>: the 2.5 and
    /// 97.5 percentiles of its values, a resample whose statistic is undefined (NaN) left out.
    /// </summary>
    private static (double Low, double High) BootstrapOverScans<T>(IReadOnlyList<T> scans, Func<IReadOnlyList<T>, double> statistic, int resamples, int seed)
    {
        var random = new Random(seed);
        var values = new List<double>();
        for (var b = 0; b < resamples; b++)
        {
#pragma warning disable CA5394 // bootstrap resampling, not security
            var value = statistic(Enumerable.Range(0, scans.Count).Select(_ => scans[random.Next(scans.Count)]).ToList());
#pragma warning restore CA5394
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        values.Sort();
        return values.Count == 0 ? (double.NaN, double.NaN) : (values[(int)(0.025 * (values.Count - 1))], values[(int)(0.975 * (values.Count - 1))]);
    }

    /// <summary>Each detected nodule's best candidate (highest nodule score among those hitting it) and its label (1 malignant).</summary>
    public static IReadOnlyList<(NoduleReading Reading, int Label)> DetectedNodules(IReadOnlyList<ScanOutcome> scans) =>
        scans.SelectMany(s => s.Truth.Select(t => (Truth: t, Best: s.Readings.Where(r => t.Contains(r.Candidate.Centre)).MaxBy(r => r.Nodule))))
            .Where(p => p.Best is not null)
            .Select(p => (p.Best!, p.Truth.Malignant ? 1 : 0))
            .ToList();

    /// <summary>
    /// The detection operating point at a per-scan threshold (a scan's band may differ from another's):
    /// the share of nodules hit by a candidate at or above it, and the candidates at or above it that hit
    /// no nodule, per scan.
    /// </summary>
    public static (double Sensitivity, double FalsePositivesPerScan) OperatingPoint(IReadOnlyList<ScanOutcome> scans, Func<NoduleReading, double> score, Func<ScanOutcome, double> threshold)
    {
        int nodules = 0, hits = 0, falsePositives = 0;
        foreach (var scan in scans)
        {
            var kept = scan.Readings.Where(r => score(r) >= threshold(scan)).ToList();
            nodules += scan.Truth.Count;
            hits += scan.Truth.Count(t => kept.Any(r => t.Contains(r.Candidate.Centre)));
            falsePositives += kept.Count(r => !scan.Truth.Any(t => t.Contains(r.Candidate.Centre)));
        }

        return (nodules == 0 ? double.NaN : (double)hits / nodules, scans.Count == 0 ? double.NaN : (double)falsePositives / scans.Count);
    }

    public static (double Auc, ConfidenceInterval? Interval) Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels, int seed)
    {
        if (!labels.Contains(0) || !labels.Contains(1))
        {
            return (double.NaN, null);
        }

        return (RocAnalysis.Auc(scores, labels), RocAnalysis.BootstrapAuc(scores, labels, 1000, 0.95, seed));
    }

    /// <summary>The threshold maximising sensitivity + specificity − 1 (Youden's J).</summary>
    public static double YoudenThreshold(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var best = (J: double.NegativeInfinity, T: 0.5);
        foreach (var t in scores.Distinct().Order())
        {
            var (sensitivity, specificity) = SensitivitySpecificity(scores, labels, t);
            if (sensitivity + specificity - 1 > best.J)
            {
                best = (sensitivity + specificity - 1, t);
            }
        }

        return best.T;
    }

    public static (double Sensitivity, double Specificity) SensitivitySpecificity(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double threshold)
    {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var positive = scores[i] >= threshold;
            (tp, fn, tn, fp) = (labels[i], positive) switch
            {
                (1, true) => (tp + 1, fn, tn, fp),
                (1, false) => (tp, fn + 1, tn, fp),
                (_, false) => (tp, fn, tn + 1, fp),
                _ => (tp, fn, tn, fp + 1),
            };
        }

        return (tp + fn == 0 ? double.NaN : (double)tp / (tp + fn), tn + fp == 0 ? double.NaN : (double)tn / (tn + fp));
    }
}
