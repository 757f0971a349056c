using System.Globalization;
using System.Text;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>The CNN and the rule baseline side by side on one report set (see <see cref="ReportEvaluation"/>).</summary>
internal sealed record EvaluationReport(
    string Data,
    int Reports,
    int Positives,
    double Threshold,
    ReaderScores Cnn,
    ReaderScores RuleBaseline,
    IReadOnlyDictionary<string, double> CnnPerturbationFlipShare,
    IReadOnlyDictionary<string, double> RulePerturbationFlipShare,
    double FgsmEpsilon,
    double CnnFgsmFlipShare)
{
    /// <summary>A plain-text table for the console and the README.</summary>
    public string ToTable()
    {
        var b = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        b.AppendLine(c, $"{Data}: {Reports} reports, {Positives} with acute PE; CNN threshold {Threshold:F3} (from validation)");
        b.AppendLine(c, $"{"",-26}{"text CNN",-28}{"rule baseline (NegEx)",-28}");
        b.AppendLine(c, $"{"AUC (95% CI)",-26}{Ci(Cnn.Auc),-28}{Ci(RuleBaseline.Auc),-28}");
        b.AppendLine(c, $"{"F1 (95% CI)",-26}{Ci(Cnn.F1),-28}{Ci(RuleBaseline.F1),-28}");
        b.AppendLine(c, $"{"accuracy",-26}{Cnn.Accuracy,-28:F3}{RuleBaseline.Accuracy,-28:F3}");
        b.AppendLine(c, $"{"sensitivity",-26}{Cnn.Sensitivity,-28:F3}{RuleBaseline.Sensitivity,-28:F3}");
        b.AppendLine(c, $"{"specificity",-26}{Cnn.Specificity,-28:F3}{RuleBaseline.Specificity,-28:F3}");
        foreach (var (subset, score) in Cnn.Subsets)
        {
            var rule = RuleBaseline.Subsets[subset];
            b.AppendLine(c, $"{$"accuracy {subset} (n={score.Reports})",-26}{$"{score.Accuracy:F3} ({score.Lower:F3}-{score.Upper:F3})",-28}{$"{rule.Accuracy:F3} ({rule.Lower:F3}-{rule.Upper:F3})",-28}");
        }

        b.AppendLine(c, $"{"ECE",-26}{Cnn.Ece,-28:F3}{"-",-28}");
        foreach (var kind in CnnPerturbationFlipShare.Keys)
        {
            b.AppendLine(c, $"{$"flip share: {kind}",-26}{CnnPerturbationFlipShare[kind],-28:F3}{RulePerturbationFlipShare[kind],-28:F3}");
        }

        b.AppendLine(c, $"{$"FGSM flip share (eps {FgsmEpsilon})",-26}{CnnFgsmFlipShare,-28:F3}{"-",-28}");
        return b.ToString();
    }

    private static string Ci(RadCnn.Training.Metrics.ConfidenceInterval ci) =>
        string.Create(CultureInfo.InvariantCulture, $"{ci.Estimate:F3} ({ci.Lower:F3}-{ci.Upper:F3})");
}
