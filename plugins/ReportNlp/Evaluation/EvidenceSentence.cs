namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>A sentence that drove the decision: its index, where it is in the report, its text and its strongest word's weight.</summary>
internal sealed record EvidenceSentence(int Sentence, int Start, int Length, string Text, double Weight);
