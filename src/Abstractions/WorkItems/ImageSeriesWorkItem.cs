using RadCnn.Dicom;

namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// A complete image series: its identifying UIDs, the instances' datasets (pixel data included), and
/// the series as a volume in patient geometry.
/// </summary>
public sealed record ImageSeriesWorkItem : WorkItem
{
    /// <summary>Study Instance UID (0020,000D).</summary>
    public required string StudyInstanceUid { get; init; }

    /// <summary>Series Instance UID (0020,000E).</summary>
    public required string SeriesInstanceUid { get; init; }

    /// <summary>Modality (0008,0060), for example "CT", "MR", "CR", "DX".</summary>
    public required string Modality { get; init; }

    /// <summary>SOP Class UID (0008,0016) of the series' instances (a series holds one class).</summary>
    public string? SopClassUid { get; init; }

    /// <summary>Body Part Examined (0018,0015), when the modality filled it in.</summary>
    public string? BodyPartExamined { get; init; }

    /// <summary>The instances' datasets, in the order the host received them. Treat them as read-only.</summary>
    public IReadOnlyList<DicomDataset> Instances { get; init; } = [];

    /// <summary>Builds the series' volume on demand (decoding pixel data is the expensive part).</summary>
    public required IImageVolumeSource Volumes { get; init; }

    /// <summary>The series as one volume in patient geometry; shorthand for <c>Volumes.GetVolumeAsync</c>.</summary>
    public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => Volumes.GetVolumeAsync(cancellationToken);
}
