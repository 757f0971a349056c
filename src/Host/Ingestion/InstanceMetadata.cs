namespace RadCnn.Host.Ingestion;

/// <summary>The attributes ingestion and routing read from an instance: UIDs and routing attributes, no patient data.</summary>
internal sealed record InstanceMetadata(
    string SopInstanceUid,
    string SopClassUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    string? BodyPart,
    string? SeriesDescription);
