namespace RadCnn.Training.Robustness;

/// <summary>
/// What the training inputs looked like, recorded in model.json so that any plugin can tell an input
/// unlike them: the mean and spread of each of <see cref="InputStatistics"/> over the training split,
/// and a cutoff on the distance from that mean. The distance is the root mean square of the per-feature
/// z-scores (a diagonal Mahalanobis distance); the cutoff is a high quantile of the training inputs'
/// own distances times a margin, so nearly every training-like input passes and a blank, inverted,
/// cropped or foreign image does not.
/// </summary>
public sealed record DistributionProfile
{
    /// <summary>Quantile of the fitting set's distances the cutoff starts from.</summary>
    public const double CutoffQuantile = 0.995;

    /// <summary>Factor on that quantile: room for the variation a finite training set did not show.</summary>
    public const double CutoffMargin = 1.5;

    public required IReadOnlyList<string> Features { get; init; }

    public required IReadOnlyList<double> Mean { get; init; }

    public required IReadOnlyList<double> StandardDeviation { get; init; }

    /// <summary>An input whose <see cref="Distance"/> exceeds this is out of distribution.</summary>
    public required double Cutoff { get; init; }

    /// <summary>Inputs the profile was fitted on.</summary>
    public int Samples { get; init; }

    public static DistributionProfile Fit(IReadOnlyList<double[]> features, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(names);
        if (features.Count < 2)
        {
            throw new ArgumentException("a distribution profile needs at least two inputs");
        }

        var d = names.Count;
        if (features.Any(f => f.Length != d))
        {
            throw new ArgumentException($"every feature vector must hold {d} values");
        }

        var mean = new double[d];
        var sd = new double[d];
        for (var k = 0; k < d; k++)
        {
            var values = features.Select(f => f[k]).ToArray();
            mean[k] = values.Average();
            var spread = Math.Sqrt(values.Sum(v => (v - mean[k]) * (v - mean[k])) / (values.Length - 1));
            // A feature that never varied still needs a scale: a small share of its size, or an absolute floor.
            sd[k] = Math.Max(spread, Math.Max(1e-3, 0.01 * Math.Abs(mean[k])));
        }

        var partial = new DistributionProfile { Features = [.. names], Mean = mean, StandardDeviation = sd, Cutoff = double.PositiveInfinity, Samples = features.Count };
        var distances = features.Select(partial.Distance).Order().ToArray();
        var quantile = distances[Math.Clamp((int)Math.Ceiling(CutoffQuantile * (distances.Length - 1)), 0, distances.Length - 1)];
        return partial with { Cutoff = quantile * CutoffMargin };
    }

    /// <summary>Fits the profile of <see cref="InputStatistics"/> on prepared inputs of one shape.</summary>
    public static DistributionProfile FitInputs(IEnumerable<float[]> inputs, int height, int width) =>
        Fit([.. inputs.Select(p => InputStatistics.Of(p, height, width))], InputStatistics.Names);

    /// <summary>Root mean square of the per-feature z-scores.</summary>
    public double Distance(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != Mean.Count)
        {
            throw new ArgumentException($"{features.Count} features for a profile of {Mean.Count}");
        }

        double sum = 0;
        for (var k = 0; k < features.Count; k++)
        {
            var z = (features[k] - Mean[k]) / StandardDeviation[k];
            sum += double.IsFinite(z) ? z * z : 1e6;
        }

        return Math.Sqrt(sum / features.Count);
    }

    /// <summary>The distance of a prepared input from the training inputs.</summary>
    public double DistanceOfInput(ReadOnlySpan<float> pixels, int height, int width) => Distance(InputStatistics.Of(pixels, height, width));

    public bool IsOutOfDistribution(ReadOnlySpan<float> pixels, int height, int width) => DistanceOfInput(pixels, height, width) > Cutoff;
}
