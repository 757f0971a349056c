namespace RadCnn.Host.Store;

/// <summary>Forwarding of one job's DICOM results to a PACS: pending, sent, or failed with the reason (shown by `radcnn status`).</summary>
internal sealed record DeliveryRecord(
    long JobId,
    string Destination,
    string State,
    int Attempts,
    string? LastError,
    DateTimeOffset UpdatedAt);
