namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// The subset tag of a report in labels.csv: which kind of language carries its key statement, so an
/// evaluation can report accuracy where rule-based readers usually fail.
/// </summary>
public static class ReportSubsets
{
    /// <summary>Pulmonary embolism explicitly negated, or stated beside negations whose scope must end before it.</summary>
    public const string Negated = "negated";

    /// <summary>Uncertain language ("cannot be excluded", "possible", "most likely").</summary>
    public const string Hedged = "hedged";

    /// <summary>Pulmonary embolism named in the history or indication ("r/o PE", "history of PE"), or chronic only.</summary>
    public const string History = "history";

    /// <summary>A plain statement with none of the above.</summary>
    public const string Plain = "plain";

    /// <summary>Every tag, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Negated, Hedged, History, Plain];
}
