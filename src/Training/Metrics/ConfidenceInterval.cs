namespace RadCnn.Training.Metrics;

/// <summary>A point estimate with a two-sided confidence interval at <paramref name="Level"/> (0.95 for 95 %).</summary>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level);
