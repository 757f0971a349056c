namespace RadCnn.Host.Store;

/// <summary>
/// An instance set aside because its SOP Instance UID or its series already belongs to another patient:
/// the first one stays stored and processed, this one waits in the spool's quarantine for a person.
/// </summary>
internal sealed record IdentityConflictRecord(
    long Id,
    string SopInstanceUid,
    string SeriesInstanceUid,
    string Source,
    string? CallingAe,
    string QuarantinePath,
    string Reason,
    DateTimeOffset ReceivedAt);
