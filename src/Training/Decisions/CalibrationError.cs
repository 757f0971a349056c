namespace RadCnn.Training.Decisions;

/// <summary>
/// Expected calibration error of a binary model: the probabilities of the positive class binned into
/// equal-width bins, each bin's gap between mean probability and observed positive rate, weighted by
/// the bin's share of the samples. 0 is perfectly calibrated; a model that says 0.99 and is right
/// half the time scores about 0.49.
/// </summary>
public static class CalibrationError
{
    public const int DefaultBins = 10;

    public static double Expected(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {labels.Count} labels");
        }

        if (probabilities.Count == 0)
        {
            return double.NaN;
        }

        var count = new int[bins];
        var confidence = new double[bins];
        var positives = new double[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var bin = Math.Min(bins - 1, (int)(p * bins));
            count[bin]++;
            confidence[bin] += p;
            positives[bin] += labels[i] == 1 ? 1 : 0;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += (double)count[b] / probabilities.Count * Math.Abs((confidence[b] - positives[b]) / count[b]);
            }
        }

        return ece;
    }
}
