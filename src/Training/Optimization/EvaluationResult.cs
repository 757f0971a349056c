using RadCnn.Training.Metrics;

namespace RadCnn.Training.Optimization;

/// <summary>
/// A model's loss and metrics on one set. Metrics that are undefined on the set (AUC with one class
/// only) are left out rather than reported as a number.
/// </summary>
public sealed record EvaluationResult(int Samples, double Loss, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The ROC curve (binary classification on a set holding both classes).</summary>
    public RocCurve? Roc { get; init; }

    /// <summary>Bootstrap interval of the AUC, when asked for.</summary>
    public ConfidenceInterval? AucInterval { get; init; }

    /// <summary>Per-sample logit difference l₁ − l₀ (binary classification), for fitting a temperature and threshold.</summary>
    public IReadOnlyList<double> LogitDifferences { get; init; } = [];

    /// <summary>Per-sample probability of the positive class after the decision policy's temperature (binary classification).</summary>
    public IReadOnlyList<double> Probabilities { get; init; } = [];

    /// <summary>Per-sample labels, in the order of <see cref="LogitDifferences"/>.</summary>
    public IReadOnlyList<int> Labels { get; init; } = [];
}
