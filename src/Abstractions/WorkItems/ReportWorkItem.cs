namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// A radiology report. Its text is patient data: plugins may analyse it but must never log it or
/// copy it into findings, measurements or messages.
/// </summary>
public sealed record ReportWorkItem : WorkItem
{
    /// <summary>The report text, normalised to UTF-8 with '\n' line ends.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// What kind of report this is, matched against the manifest's <c>reportKinds</c> (case-insensitive),
    /// for example "ct-chest" or "ctpa".
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>The study the report belongs to, when known.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Other non-identifying header fields the inbox recognised (language, sections present, source system).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
