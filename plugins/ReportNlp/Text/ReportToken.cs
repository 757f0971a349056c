namespace RadCnn.Plugins.ReportNlp.Text;

/// <summary>One token of a report: its normalised form, where it stands in the text, and its sentence.</summary>
/// <param name="Form">Lower-case word, number or punctuation mark.</param>
/// <param name="Start">Offset of its first character in the report text.</param>
/// <param name="Length">Its length in the report text.</param>
/// <param name="Sentence">0-based index of the sentence (or heading line) it belongs to.</param>
internal readonly record struct ReportToken(string Form, int Start, int Length, int Sentence);
