using RadCnn.Training.Metrics;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>One reader's figures on a labelled report set: ranking, decision quality with 95% CIs, and accuracy per subset.</summary>
internal sealed record ReaderScores(
    ConfidenceInterval Auc,
    ConfidenceInterval F1,
    double Accuracy,
    double Sensitivity,
    double Specificity,
    double? Ece,
    IReadOnlyDictionary<string, SubsetScore> Subsets);
