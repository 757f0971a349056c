namespace RadCnn.Host.Ingestion;

/// <summary>
/// The attributes ingestion and routing read from an instance: UIDs and routing attributes, no patient
/// data. <paramref name="PatientHash"/> is a one-way hash of the patient identity (ID, issuer, name),
/// kept only to notice one UID or one series arriving for two patients.
/// </summary>
internal sealed record InstanceMetadata(
    string SopInstanceUid,
    string SopClassUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    string? BodyPart,
    string? SeriesDescription,
    string? PatientHash = null);
