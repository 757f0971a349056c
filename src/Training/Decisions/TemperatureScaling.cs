namespace RadCnn.Training.Decisions;

/// <summary>
/// Temperature scaling (Guo et al. 2017) of a binary classifier: one scalar T divides the logit
/// difference z = l₁ − l₀, chosen to minimise the negative log-likelihood on the validation split.
/// It changes confidence, never the ranking (AUC is unchanged).
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Smallest and largest temperature tried: sharpening past 1/4 or softening past 16 means the split is too small to say.</summary>
    public const double Minimum = 0.25;

    public const double Maximum = 16;

    /// <summary>The temperature with the lowest validation NLL on a log grid (ties keep the one nearest 1), refined by golden-section search.</summary>
    public static double Fit(IReadOnlyList<double> logitDifferences, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logitDifferences);
        ArgumentNullException.ThrowIfNull(labels);
        if (logitDifferences.Count != labels.Count)
        {
            throw new ArgumentException($"{logitDifferences.Count} logits for {labels.Count} labels");
        }

        if (logitDifferences.Count == 0)
        {
            return 1;
        }

        // NLL is convex in 1/T, so a coarse grid then a golden-section search on log T finds the minimum.
        var grid = Enumerable.Range(0, 49).Select(i => Math.Log(Minimum) + (i * (Math.Log(Maximum) - Math.Log(Minimum)) / 48)).ToArray();
        var best = grid.MinBy(g => NegativeLogLikelihood(logitDifferences, labels, Math.Exp(g)));
        var step = grid[1] - grid[0];
        double low = Math.Max(grid[0], best - step), high = Math.Min(grid[^1], best + step);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 40; i++)
        {
            var a = high - (ratio * (high - low));
            var b = low + (ratio * (high - low));
            if (NegativeLogLikelihood(logitDifferences, labels, Math.Exp(a)) <= NegativeLogLikelihood(logitDifferences, labels, Math.Exp(b)))
            {
                high = b;
            }
            else
            {
                low = a;
            }
        }

        return Math.Exp((low + high) / 2);
    }

    /// <summary>The calibrated probability of the positive class for a logit difference at a temperature.</summary>
    public static double Probability(double logitDifference, double temperature) => 1 / (1 + Math.Exp(-logitDifference / temperature));

    /// <summary>Mean negative log-likelihood of the labels under sigmoid(z / T).</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<double> logitDifferences, IReadOnlyList<int> labels, double temperature)
    {
        ArgumentNullException.ThrowIfNull(logitDifferences);
        ArgumentNullException.ThrowIfNull(labels);
        double sum = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var signed = (labels[i] == 1 ? 1 : -1) * logitDifferences[i] / temperature;
            // log(1 + e^(−s)) without overflow for large negative s.
            sum += signed > 0 ? Math.Log(1 + Math.Exp(-signed)) : -signed + Math.Log(1 + Math.Exp(signed));
        }

        return sum / Math.Max(1, labels.Count);
    }
}
