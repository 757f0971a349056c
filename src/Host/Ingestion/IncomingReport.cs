namespace RadCnn.Host.Ingestion;

/// <summary>
/// A parsed report as the spool keeps it (serialised as JSON): text, kind, study and the
/// non-identifying metadata. The id is its idempotency key, never a patient identifier.
/// </summary>
internal sealed record IncomingReport(
    string Id,
    string Kind,
    string Format,
    string Text,
    string? StudyInstanceUid,
    IReadOnlyDictionary<string, string> Metadata);
