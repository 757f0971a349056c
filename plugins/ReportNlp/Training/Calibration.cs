namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>Expected calibration error: the mean gap between confidence and accuracy over equal-width bins, weighted by bin size.</summary>
internal static class Calibration
{
    public static double ExpectedCalibrationError(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var count = new int[bins];
        var confidence = new double[bins];
        var positives = new double[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var bin = Math.Min(bins - 1, (int)(probabilities[i] * bins));
            count[bin]++;
            confidence[bin] += probabilities[i];
            positives[bin] += labels[i];
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += (double)count[b] / probabilities.Count * Math.Abs((confidence[b] / count[b]) - (positives[b] / count[b]));
            }
        }

        return ece;
    }
}
