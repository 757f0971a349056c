namespace RadCnn.Dicom.Iods;

/// <summary>
/// Where on one source image a finding lies: a shape in pixel coordinates (column, row pairs, the
/// top-left pixel's centre is 0.5, 0.5 as in PS3.3 C.18.6.1.1).
/// </summary>
/// <param name="SourceIndex">Index of the image in the builder's source list.</param>
/// <param name="Shape">The SCOORD graphic type.</param>
/// <param name="Points">Column, row pairs.</param>
public sealed record FindingRegion(int SourceIndex, RegionShape Shape, IReadOnlyList<float> Points);
