namespace RadCnn.Training.Metrics;

/// <summary>
/// Counts of a binary decision at one threshold, and the rates derived from them. A rate whose
/// denominator is zero is NaN (undefined), never silently 0 or 1.
/// </summary>
public sealed record BinaryConfusion(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>True positive rate (recall): TP / (TP + FN).</summary>
    public double Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>True negative rate: TN / (TN + FP).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>Positive predictive value: TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Harmonic mean of precision and sensitivity: 2TP / (2TP + FP + FN).</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>Counts the decisions "score ≥ threshold means positive" against labels (1 positive, 0 negative).</summary>
    public static BinaryConfusion At(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            switch (labels[i])
            {
                case 1 when predicted: tp++; break;
                case 1: fn++; break;
                case 0 when predicted: fp++; break;
                case 0: tn++; break;
                default: throw new ArgumentException($"label {labels[i]} at index {i} is neither 0 nor 1", nameof(labels));
            }
        }

        return new BinaryConfusion(tp, fp, tn, fn);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
