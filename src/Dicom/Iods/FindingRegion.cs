namespace RadCnn.Dicom.Iods;

/// <summary>
/// Where on one source image a finding lies: a shape in pixel coordinates (column, row pairs, the
/// top-left pixel's centre is 0.5, 0.5 as in PS3.3 C.18.6.1.1).
/// </summary>
/// <param name="SourceIndex">Index of the image in the builder's source list.</param>
/// <param name="Shape">The SCOORD graphic type.</param>
/// <param name="Points">Column, row pairs.</param>
public sealed record FindingRegion(int SourceIndex, RegionShape Shape, IReadOnlyList<float> Points)
{
    /// <summary>
    /// A point region for a location in patient coordinates (mm, LPS), as plugins report findings: on the
    /// source slice nearest to it along the slice normal, at its projection into that slice.
    /// </summary>
    /// <exception cref="ArgumentException">The sources have no patient geometry.</exception>
    public static FindingRegion AtPatientPoint(IReadOnlyList<DicomDataset> sources, double x, double y, double z)
    {
        ResultModules.CheckSources(sources, nameof(sources));
        var geometry = SourceGeometry.Of(sources);
        if (!geometry.HasPatientGeometry || geometry.PixelSpacing is null)
        {
            throw new ArgumentException("the sources have no Image Position/Orientation (Patient) and Pixel Spacing", nameof(sources));
        }

        var o = geometry.Orientation!;
        var normal = new[] { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
        var nearest = 0;
        var best = double.PositiveInfinity;
        for (var i = 0; i < sources.Count; i++)
        {
            var p = geometry.Positions![i];
            var distance = Math.Abs((x - p[0]) * normal[0] + (y - p[1]) * normal[1] + (z - p[2]) * normal[2]);
            if (distance < best)
            {
                best = distance;
                nearest = i;
            }
        }

        // PS3.3 C.7.6.2.1.1: Pixel Spacing is (row spacing, column spacing); the first orientation vector runs along a row.
        var origin = geometry.Positions![nearest];
        var (dx, dy, dz) = (x - origin[0], y - origin[1], z - origin[2]);
        var column = (dx * o[0] + dy * o[1] + dz * o[2]) / geometry.PixelSpacing[1];
        var row = (dx * o[3] + dy * o[4] + dz * o[5]) / geometry.PixelSpacing[0];
        // SCOORD pixel coordinates put the top-left pixel's centre at (0.5, 0.5).
        return new FindingRegion(nearest, RegionShape.Point, [(float)(column + 0.5), (float)(row + 0.5)]);
    }
}
