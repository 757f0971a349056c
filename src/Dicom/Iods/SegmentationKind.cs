namespace RadCnn.Dicom.Iods;

/// <summary>BINARY (1 bit per pixel, a threshold applied) or FRACTIONAL (8-bit probability) segmentation.</summary>
public enum SegmentationKind
{
    Binary,
    Fractional,
}
