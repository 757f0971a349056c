namespace RadCnn.Host.Store;

/// <summary>
/// One received image instance: the attributes routing needs (no patient data) and where its
/// bytes lie in the spool. <see cref="ContentHash"/> tells a re-send of the same bytes from a changed instance;
/// <see cref="PatientHash"/> (a one-way hash) tells when the same UID or series comes for another patient.
/// </summary>
internal sealed record InstanceRecord(
    string SopInstanceUid,
    string SopClassUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    string? BodyPart,
    string? SeriesDescription,
    string? CallingAe,
    string Source,
    string SpoolPath,
    string ContentHash,
    long Size,
    DateTimeOffset ReceivedAt,
    string? PatientHash = null);
