namespace RadCnn.Dicom.Iods;

/// <summary>
/// The image plane of a set of source slices: size, pixel spacing, orientation, each slice's position
/// and its rank along the slice normal (what a viewer stacks by). Null members where the source has
/// no patient geometry (projection radiographs without Image Position).
/// </summary>
internal sealed class SourceGeometry
{
    private SourceGeometry(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    public double[]? PixelSpacing { get; private init; }

    public double? SliceThickness { get; private init; }

    public double[]? Orientation { get; private init; }

    /// <summary>Image Position (Patient) per source, in the caller's order; null where any source lacks one.</summary>
    public double[][]? Positions { get; private init; }

    /// <summary>1-based rank of each source's position along the normal (equal positions share a rank).</summary>
    public int[] StackRank { get; private init; } = [];

    public bool HasPatientGeometry => Orientation is not null && Positions is not null;

    public int PixelsPerSlice => Rows * Columns;

    public static SourceGeometry Of(IReadOnlyList<DicomDataset> sources)
    {
        var first = sources[0];
        var rows = first.GetSingleValueOrDefault(DicomTag.Rows, 0);
        var columns = first.GetSingleValueOrDefault(DicomTag.Columns, 0);
        if (rows <= 0 || columns <= 0)
        {
            throw new ArgumentException("the source has no Rows/Columns", nameof(sources));
        }

        foreach (var source in sources)
        {
            if (source.GetSingleValueOrDefault(DicomTag.Rows, 0) != rows || source.GetSingleValueOrDefault(DicomTag.Columns, 0) != columns)
            {
                throw new ArgumentException("the source instances differ in Rows/Columns", nameof(sources));
            }
        }

        var spacing = ResultModules.Numbers(first, DicomTag.PixelSpacing, 2) ?? ResultModules.Numbers(first, DicomTag.ImagerPixelSpacing, 2);
        var orientation = ResultModules.Numbers(first, DicomTag.ImageOrientationPatient, 6);
        var positions = sources.Select(s => ResultModules.Numbers(s, DicomTag.ImagePositionPatient, 3)).ToArray();
        var hasPositions = orientation is not null && positions.All(p => p is not null);
        var thickness = first.TryGetSingleValue<double>(DicomTag.SliceThickness, out var t) && t > 0 ? t : (double?)null;

        int[] rank;
        if (hasPositions)
        {
            var normal = Cross(orientation!);
            var distances = positions.Select(p => Math.Round(Dot(normal, p!), 4)).ToArray();
            var distinct = distances.Distinct().Order().ToList();
            rank = distances.Select(d => distinct.IndexOf(d) + 1).ToArray();
        }
        else
        {
            rank = Enumerable.Range(1, sources.Count).ToArray();
        }

        return new SourceGeometry(rows, columns)
        {
            PixelSpacing = spacing?[..2],
            SliceThickness = thickness,
            Orientation = hasPositions ? orientation![..6] : null,
            Positions = hasPositions ? positions.Select(p => p![..3]).ToArray() : null,
            StackRank = rank,
        };
    }

    private static double[] Cross(double[] o) =>
    [
        o[1] * o[5] - o[2] * o[4],
        o[2] * o[3] - o[0] * o[5],
        o[0] * o[4] - o[1] * o[3],
    ];

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
