namespace RadCnn.Host.Ingestion;

/// <summary>
/// A parsed report as the spool keeps it (serialised as JSON): text, kind, study and the
/// non-identifying metadata. The id is its idempotency key, never a patient identifier.
/// <paramref name="Identifiers"/>: the patient and order identifiers an HL7 message carried (spool only;
/// the store holds their hashes in the metadata).
/// </summary>
internal sealed record IncomingReport(
    string Id,
    string Kind,
    string Format,
    string Text,
    string? StudyInstanceUid,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string>? Identifiers = null);
