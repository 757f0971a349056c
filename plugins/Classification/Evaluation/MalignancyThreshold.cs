namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>
/// Malignancy thresholds steadier than Youden's J on a few dozen validation nodules. Youden's threshold is always one
/// malignant nodule's own probability (it maximises J over the scores themselves) and can jump far when two nodules are
/// added; a call near its threshold is the call a small perturbation flips (README, "1.3.0"). The margin rule keeps
/// Youden's operating point within a tolerance and moves the threshold to where the fewest nodules lie near it.
/// </summary>
internal static class MalignancyThreshold
{
    public static double Choose(IReadOnlyList<double> scores, IReadOnlyList<int> labels, MalignancyThresholdRule rule, double margin, double tolerance, int seed) => rule switch
    {
        MalignancyThresholdRule.Margin => Margin(scores, labels, margin, tolerance),
        MalignancyThresholdRule.BootstrapYouden => BootstrapYouden(scores, labels, 1000, seed),
        _ => NoduleMetrics.YoudenThreshold(scores, labels),
    };

    /// <summary>
    /// Of the midpoints between neighbouring distinct scores whose sensitivity and specificity are each at least Youden's
    /// minus <paramref name="tolerance"/>, the one with the fewest scores closer than <paramref name="margin"/>; of equal
    /// ones the farthest from its nearest score (the middle of the widest gap), then the highest J. A midpoint never sits
    /// on a nodule's own probability, and the midpoint just below Youden's threshold decides every validation nodule as
    /// Youden's does, so the set is never empty.
    /// </summary>
    public static double Margin(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double margin, double tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var youden = NoduleMetrics.YoudenThreshold(scores, labels);
        var sorted = scores.Distinct().Order().ToArray();
        if (sorted.Length < 2)
        {
            return youden;
        }

        var (youdenSensitivity, youdenSpecificity) = NoduleMetrics.SensitivitySpecificity(scores, labels, youden);
        var best = (Near: int.MaxValue, Clearance: double.NegativeInfinity, J: double.NegativeInfinity, T: youden);
        for (var i = 0; i + 1 < sorted.Length; i++)
        {
            var t = (sorted[i] + sorted[i + 1]) / 2;
            var (sensitivity, specificity) = NoduleMetrics.SensitivitySpecificity(scores, labels, t);
            // A tiny slack so that rounding never rejects the midpoint that decides as Youden's does.
            if (sensitivity < youdenSensitivity - tolerance - 1e-9 || specificity < youdenSpecificity - tolerance - 1e-9)
            {
                continue;
            }

            var candidate = (Near: NearCount(scores, t, margin), Clearance: (sorted[i + 1] - sorted[i]) / 2, J: sensitivity + specificity - 1, T: t);
            if (candidate.Near < best.Near
                || (candidate.Near == best.Near && (candidate.Clearance > best.Clearance + 1e-12
                    || (Math.Abs(candidate.Clearance - best.Clearance) <= 1e-12 && candidate.J > best.J))))
            {
                best = candidate;
            }
        }

        return best.T;
    }

    /// <summary>
    /// The median of Youden thresholds over <paramref name="resamples"/> resamples of the nodules with replacement (a
    /// resample holding one label only is drawn again).
    /// </summary>
    public static double BootstrapYouden(IReadOnlyList<double> scores, IReadOnlyList<int> labels, int resamples, int seed)
    {
        if (!labels.Contains(0) || !labels.Contains(1))
        {
            return NoduleMetrics.YoudenThreshold(scores, labels);
        }

        var random = new Random(seed);
        var thresholds = new List<double>(resamples);
        var sampleScores = new double[scores.Count];
        var sampleLabels = new int[scores.Count];
        while (thresholds.Count < resamples)
        {
            for (var k = 0; k < scores.Count; k++)
            {
#pragma warning disable CA5394 // bootstrap resampling, not security
                var pick = random.Next(scores.Count);
#pragma warning restore CA5394
                sampleScores[k] = scores[pick];
                sampleLabels[k] = labels[pick];
            }

            if (sampleLabels.Contains(0) && sampleLabels.Contains(1))
            {
                thresholds.Add(NoduleMetrics.YoudenThreshold(sampleScores, sampleLabels));
            }
        }

        thresholds.Sort();
        return resamples % 2 == 1 ? thresholds[resamples / 2] : (thresholds[(resamples / 2) - 1] + thresholds[resamples / 2]) / 2;
    }

    /// <summary>How many scores lie closer than <paramref name="margin"/> to <paramref name="threshold"/>.</summary>
    public static int NearCount(IReadOnlyList<double> scores, double threshold, double margin) => scores.Count(s => Math.Abs(s - threshold) < margin);

    public static string Describe(MalignancyThresholdRule rule, double margin, double tolerance) => rule switch
    {
        MalignancyThresholdRule.Margin => FormattableString.Invariant($"the fewest nodules within {margin} among thresholds whose sensitivity and specificity stay within {tolerance} of Youden's J's"),
        MalignancyThresholdRule.BootstrapYouden => "the median of Youden's J thresholds over 1000 bootstrap resamples",
        _ => "Youden's J",
    };
}
