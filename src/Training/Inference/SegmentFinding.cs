using RadCnn.Abstractions.Engine;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Inference;

/// <summary>
/// One finding of a volume's segmentation (an organ, one lesion): its code and probability, the SR's
/// label, site and measurements, the slice it is best seen on, its FGSM robustness and, for a result's
/// <c>Finding.Location</c>, its centre as a (fractional) voxel index.
/// </summary>
public sealed record SegmentFinding(CodedConcept Code, string Label, double Probability)
{
    /// <summary>The result finding's meaning; the label when null.</summary>
    public string? Meaning { get; init; }

    public CodedConcept? Site { get; init; }

    public RobustnessReport? Robustness { get; init; }

    public IReadOnlyList<ReportMeasurement> Measurements { get; init; } = [];

    /// <summary>The slice (in the volume's order) the SR cites as evidence.</summary>
    public int KeySlice { get; init; }

    /// <summary>Centre (column, row, slice) in voxels; null leaves the finding without a location.</summary>
    public (double Column, double Row, double Slice)? Centre { get; init; }
}
