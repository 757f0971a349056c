namespace RadCnn.Plugins.ReportNlp.Rules;

/// <summary>The rule baseline's reading of a report: positive when any mention is affirmed; a score of 1, 0.5 (only uncertain mentions) or 0.</summary>
internal sealed record RuleReading(bool Positive, double Score, IReadOnlyList<RuleMention> Mentions);
