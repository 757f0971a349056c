namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// One synthetic CT pulmonary angiography report with its ground truth. Made by a generator, never
/// taken from a patient: the text, UIDs and accession number are invented.
/// </summary>
public sealed record ReportPhantom
{
    /// <summary>File stem, for example "report-0007".</summary>
    public required string Id { get; init; }

    /// <summary>The report text ('\n' line ends).</summary>
    public required string Text { get; init; }

    /// <summary>1 when the report states acute pulmonary embolism, 0 otherwise (absent, chronic only, or indeterminate).</summary>
    public required int Label { get; init; }

    /// <summary>"present", "absent" or "indeterminate" (a low-certainty mention; binary label 0).</summary>
    public required string Category { get; init; }

    /// <summary>The linguistic family the key statement came from: see <see cref="ReportSubsets"/>.</summary>
    public required string Subset { get; init; }

    /// <summary>The generator style that wrote it ("dictated" or "structured").</summary>
    public required string Style { get; init; }

    /// <summary>Whether the report has CLINICAL HISTORY / TECHNIQUE / FINDINGS / IMPRESSION headings.</summary>
    public bool HasSections { get; init; }

    /// <summary>The imaging study the report reads (an invented UID).</summary>
    public required string StudyInstanceUid { get; init; }

    /// <summary>An invented accession number (written to HL7 OBR-3 only).</summary>
    public required string AccessionNumber { get; init; }
}
