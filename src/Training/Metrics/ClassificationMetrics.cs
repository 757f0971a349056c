namespace RadCnn.Training.Metrics;

/// <summary>Metrics of a multi-class decision.</summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of predictions equal to the true class.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions but {actual.Count} labels");
        }

        if (predicted.Count == 0)
        {
            return double.NaN;
        }

        var correct = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }

        return (double)correct / predicted.Count;
    }

    /// <summary>Unweighted mean of the per-class F1 scores (classes absent from both lists are skipped).</summary>
    public static double MacroF1(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, int classes)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        var scores = new List<double>();
        for (var c = 0; c < classes; c++)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < predicted.Count; i++)
            {
                var p = predicted[i] == c;
                var a = actual[i] == c;
                tp += p && a ? 1 : 0;
                fp += p && !a ? 1 : 0;
                fn += !p && a ? 1 : 0;
            }

            if (tp + fp + fn > 0)
            {
                scores.Add(2.0 * tp / ((2 * tp) + fp + fn));
            }
        }

        return scores.Count == 0 ? double.NaN : scores.Average();
    }
}
