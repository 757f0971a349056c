namespace RadCnn.Plugins.ReportNlp.Rules;

/// <summary>One mention the rule baseline found: its first token's index, the sentence, the matched term and its status.</summary>
internal sealed record RuleMention(int Token, int Sentence, string Term, MentionStatus Status, string? Trigger);
