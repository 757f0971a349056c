using RadCnn.Training.Decisions;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// The calibration of reported findings (masses, tumours): each one's probability as the plugin reports it against
/// whether it is true. Expected calibration error (10 bins) and Brier score, rounded to 3 places; null without findings.
/// </summary>
internal static class ReportedCalibration
{
    public static (double? Ece, double? Brier) Of(IReadOnlyList<(double Probability, bool IsTrue)> findings)
    {
        if (findings.Count == 0)
        {
            return (null, null);
        }

        var ece = CalibrationError.Expected([.. findings.Select(f => f.Probability)], [.. findings.Select(f => f.IsTrue ? 1 : 0)]);
        var brier = findings.Average(f => Math.Pow(f.Probability - (f.IsTrue ? 1 : 0), 2));
        return (Math.Round(ece, 3), Math.Round(brier, 3));
    }
}
