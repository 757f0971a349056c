using RadCnn.Abstractions.Results;

namespace RadCnn.Training.Inference;

/// <summary>
/// What a segmentation plugin read from a volume, as <see cref="SegmentationResultWriter"/> writes it:
/// the segments (SEG), the findings with their measurements (SR and the result's findings), the
/// result's own measurements, a one-line summary, the key image's slice and caption, and the
/// plugin's details for result.json (given the written objects' UIDs).
/// </summary>
public sealed record VolumeSegmentation
{
    public required IReadOnlyList<SegmentMask> Segments { get; init; }

    public required IReadOnlyList<SegmentFinding> Findings { get; init; }

    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    /// <summary>The result's message and the SR's comment (before the writer's note); no patient data.</summary>
    public required string Summary { get; init; }

    public required int KeySlice { get; init; }

    public string? Caption { get; init; }

    /// <summary>The object written as result.json (camelCase); null writes no result.json.</summary>
    public Func<SegmentationObjects, object>? Details { get; init; }
}
