namespace RadCnn.Host.Store;

/// <summary>A series as the store knows it: routing attributes of its first instance and its assembly state.</summary>
internal sealed record SeriesRecord(
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    string? BodyPart,
    string? SeriesDescription,
    string SopClassUid,
    string? CallingAe,
    bool Open,
    int Generation,
    long Revision,
    int InstanceCount,
    DateTimeOffset LastReceivedAt,
    string TraceParent);
