namespace RadCnn.Training.Metrics;

/// <summary>ROC curve, AUC and a percentile-bootstrap confidence interval of the AUC for a binary classifier.</summary>
public static class RocAnalysis
{
    /// <summary>
    /// Builds the ROC curve of <paramref name="scores"/> (higher = more likely positive) against
    /// <paramref name="labels"/> (1 positive, 0 negative). Tied scores form one step (a diagonal segment),
    /// so the AUC counts ties as one half, as the Mann-Whitney statistic does.
    /// </summary>
    public static RocCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        Validate(scores, labels);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = labels.Count(l => l == 1);
        var negatives = labels.Count - positives;
        var points = new List<RocPoint> { new(double.PositiveInfinity, 0, 0) };
        int tp = 0, fp = 0;
        var auc = 0.0;
        for (var k = 0; k < order.Length;)
        {
            var threshold = scores[order[k]];
            var previousTpr = (double)tp / positives;
            var previousFpr = (double)fp / negatives;
            while (k < order.Length && scores[order[k]] == threshold)
            {
                if (labels[order[k]] == 1)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                k++;
            }

            var tpr = (double)tp / positives;
            var fpr = (double)fp / negatives;
            auc += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            points.Add(new RocPoint(threshold, fpr, tpr));
        }

        return new RocCurve(points, auc);
    }

    /// <summary>The area under the ROC curve.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => Compute(scores, labels).Auc;

    /// <summary>
    /// Percentile bootstrap of the AUC: <paramref name="resamples"/> case resamples with replacement
    /// (resamples holding one class only are drawn again), seeded so the interval is reproducible.
    /// </summary>
    public static ConfidenceInterval BootstrapAuc(IReadOnlyList<double> scores, IReadOnlyList<int> labels, int resamples = 1000, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "level must lie between 0 and 1");
        }

        var estimate = Auc(scores, labels);
        var random = new Random(seed);
        var n = scores.Count;
        var sampleScores = new double[n];
        var sampleLabels = new int[n];
        var aucs = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            int positives;
            do
            {
                positives = 0;
                for (var i = 0; i < n; i++)
                {
#pragma warning disable CA5394 // a seeded statistical resample, not security
                    var j = random.Next(n);
#pragma warning restore CA5394
                    sampleScores[i] = scores[j];
                    sampleLabels[i] = labels[j];
                    positives += labels[j];
                }
            }
            while (positives == 0 || positives == n);

            aucs[r] = Auc(sampleScores, sampleLabels);
        }

        Array.Sort(aucs);
        var alpha = (1 - level) / 2;
        return new ConfidenceInterval(estimate, Quantile(aucs, alpha), Quantile(aucs, 1 - alpha), level);
    }

    /// <summary>Linear-interpolated quantile of sorted values (numpy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static void Validate(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        }

        if (labels.Any(l => l is not (0 or 1)))
        {
            throw new ArgumentException("labels must be 0 or 1", nameof(labels));
        }

        if (!labels.Contains(1) || !labels.Contains(0))
        {
            throw new ArgumentException("a ROC curve needs at least one positive and one negative case", nameof(labels));
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("a score is NaN", nameof(scores));
        }
    }
}
