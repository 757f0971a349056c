namespace RadCnn.Training.Metrics;

/// <summary>One operating point of a ROC curve: every score at or above <paramref name="Threshold"/> is called positive.</summary>
public sealed record RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);
