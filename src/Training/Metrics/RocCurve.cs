namespace RadCnn.Training.Metrics;

/// <summary>A ROC curve from (0, 0) to (1, 1) and the area under it (trapezoidal, equal to the Mann-Whitney statistic).</summary>
public sealed record RocCurve(IReadOnlyList<RocPoint> Points, double Auc);
