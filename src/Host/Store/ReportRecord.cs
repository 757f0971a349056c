namespace RadCnn.Host.Store;

/// <summary>
/// One received report. <see cref="ReportId"/> is its idempotency key (the HL7 message control id, the
/// sidecar's id, or a hash of the text). The text itself lies only in the spool, never in the database.
/// </summary>
internal sealed record ReportRecord(
    string ReportId,
    string Kind,
    string Format,
    string SpoolPath,
    string ContentHash,
    string? MetadataJson,
    DateTimeOffset ReceivedAt);
