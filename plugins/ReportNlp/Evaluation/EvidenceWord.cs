namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>A word that drove the decision: its text, where it is in the report, its sentence and its Grad-CAM weight (0-1).</summary>
internal sealed record EvidenceWord(string Word, int Start, int Length, int Sentence, double Weight);
