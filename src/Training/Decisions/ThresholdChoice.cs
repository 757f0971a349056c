using RadCnn.Training.Metrics;

namespace RadCnn.Training.Decisions;

/// <summary>
/// Chooses a binary decision threshold from validation scores instead of a fixed 0.5. Candidates are
/// midpoints between neighbouring distinct scores, so the threshold never sits on one sample's score
/// and a test score equal to a validation score is not decided by a tie.
/// </summary>
public static class ThresholdChoice
{
    public static double Choose(IReadOnlyList<double> scores, IReadOnlyList<int> labels, ThresholdRule rule, double targetSensitivity = 0.95) => rule switch
    {
        ThresholdRule.Sensitivity => ForSensitivity(scores, labels, targetSensitivity),
        _ => Youden(scores, labels),
    };

    /// <summary>The threshold maximising sensitivity + specificity − 1; of equal ones the middle of the best run, which leaves the most margin on both sides.</summary>
    public static double Youden(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var candidates = Candidates(scores, labels);
        var j = candidates.Select(t => BinaryConfusion.At(scores, labels, t)).Select(c => c.Sensitivity + c.Specificity - 1).ToArray();
        var best = j.Max();
        var first = Array.FindIndex(j, v => v >= best - 1e-12);
        var last = first;
        while (last + 1 < j.Length && j[last + 1] >= best - 1e-12)
        {
            last++;
        }

        return candidates[(first + last) / 2];
    }

    /// <summary>The highest threshold whose validation sensitivity reaches <paramref name="target"/> (the most specific of those).</summary>
    public static double ForSensitivity(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double target)
    {
        if (target is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "must lie in (0, 1]");
        }

        var candidates = Candidates(scores, labels);
        return candidates.Where(t => BinaryConfusion.At(scores, labels, t).Sensitivity >= target - 1e-12).DefaultIfEmpty(candidates[0]).Max();
    }

    private static double[] Candidates(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count || scores.Count == 0)
        {
            throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels: need the same, non-zero number");
        }

        if (!labels.Contains(0) || !labels.Contains(1))
        {
            throw new ArgumentException("a threshold needs validation samples of both classes");
        }

        var sorted = scores.Distinct().Order().ToArray();
        var candidates = new List<double> { sorted[0] };
        for (var i = 1; i < sorted.Length; i++)
        {
            candidates.Add((sorted[i - 1] + sorted[i]) / 2);
        }

        candidates.Add(Math.BitIncrement(sorted[^1]));
        return [.. candidates];
    }
}
