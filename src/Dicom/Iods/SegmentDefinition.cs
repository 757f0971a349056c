namespace RadCnn.Dicom.Iods;

/// <summary>
/// One segment of a segmentation: its label ("Liver"), property category (e.g.
/// <see cref="ResultCodes.AnatomicalStructure"/>) and property type (e.g. <see cref="ResultCodes.Liver"/>).
/// </summary>
public sealed record SegmentDefinition(string Label, CodedConcept Category, CodedConcept Type)
{
    public string? Description { get; init; }

    /// <summary>Display colour as sRGB bytes; a default palette colour per segment where null.</summary>
    public (byte R, byte G, byte B)? Color { get; init; }
}
