using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Inference;

/// <summary>
/// One segment of a volume's segmentation: what it is (label, category, type, colour) and its mask
/// (one entry per voxel, column fastest, in the volume's slice order), drawn on the key image as an
/// outline of value <see cref="Outline"/> (0-1 on the overlay's colour scale).
/// </summary>
public sealed record SegmentMask(SegmentDefinition Definition, bool[] Mask)
{
    public float Outline { get; init; } = 1f;
}
