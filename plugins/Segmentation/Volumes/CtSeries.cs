using RadCnn.Dicom;

namespace RadCnn.Plugins.Segmentation.Volumes;

/// <summary>
/// An axial CT series as a volume: slices sorted along the slice normal (Image Position · normal), the
/// spacing from Pixel Spacing and the distance between positions. The same ordering serves the SEG
/// writer, so every mask slice goes back to the instance it came from.
/// </summary>
internal static class CtSeries
{
    /// <summary>Why the series' geometry cannot be used, or null when it can.</summary>
    public static string? GeometryProblem(IReadOnlyList<DicomDataset> instances)
    {
        var first = instances[0];
        if (!first.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var orientation) || orientation.Length != 6)
        {
            return "refused: the series has no Image Orientation (Patient)";
        }

        if (!first.TryGetValues<double>(DicomTag.PixelSpacing, out var spacing) || spacing.Length != 2 || spacing[0] <= 0 || spacing[1] <= 0)
        {
            return "refused: the series has no valid Pixel Spacing";
        }

        var normal = Normal(orientation);
        var distances = new List<double>();
        foreach (var instance in instances)
        {
            if (!instance.TryGetValues<double>(DicomTag.ImagePositionPatient, out var position) || position.Length != 3)
            {
                return "refused: a slice has no Image Position (Patient)";
            }

            if (!instance.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var o) || o.Length != 6 || o.Zip(orientation).Any(t => Math.Abs(t.First - t.Second) > 1e-3))
            {
                return "refused: the slices differ in orientation (inconsistent geometry)";
            }

            if (!instance.TryGetValues<double>(DicomTag.PixelSpacing, out var s) || s.Length != 2 || Math.Abs(s[0] - spacing[0]) > 1e-3 || Math.Abs(s[1] - spacing[1]) > 1e-3)
            {
                return "refused: the slices differ in pixel spacing (inconsistent geometry)";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.Rows, 0) != first.GetSingleValueOrDefault(DicomTag.Rows, 0) || instance.GetSingleValueOrDefault(DicomTag.Columns, 0) != first.GetSingleValueOrDefault(DicomTag.Columns, 0))
            {
                return "refused: the slices differ in size (inconsistent geometry)";
            }

            distances.Add(Dot(normal, position));
        }

        distances.Sort();
        var gaps = distances.Zip(distances.Skip(1), (a, b) => b - a).ToList();
        if (gaps.Any(g => g < 1e-3))
        {
            return "refused: two slices share a position (inconsistent geometry)";
        }

        if (gaps.Max() - gaps.Min() > Math.Max(0.05, 0.02 * gaps.Average()))
        {
            return "refused: the slices are not evenly spaced (inconsistent geometry: gaps or mixed stacks)";
        }

        return null;
    }

    /// <summary>The volume (HU) and the instances in volume order, from datasets and their decoded modality pixels.</summary>
    public static (CtVolume Volume, IReadOnlyList<DicomDataset> Ordered) ToVolume(IReadOnlyList<DicomDataset> instances, IReadOnlyList<float[]> pixels)
    {
        var first = instances[0];
        var orientation = first.GetValues<double>(DicomTag.ImageOrientationPatient);
        var spacing = first.GetValues<double>(DicomTag.PixelSpacing);
        var normal = Normal(orientation);
        var order = Enumerable.Range(0, instances.Count).OrderBy(i => Dot(normal, instances[i].GetValues<double>(DicomTag.ImagePositionPatient))).ToList();
        var rows = first.GetSingleValue<int>(DicomTag.Rows);
        var columns = first.GetSingleValue<int>(DicomTag.Columns);
        var plane = rows * columns;
        var values = new float[order.Count * plane];
        for (var s = 0; s < order.Count; s++)
        {
            pixels[order[s]].AsSpan(0, plane).CopyTo(values.AsSpan(s * plane, plane));
        }

        var sliceSpacing = order.Count > 1
            ? (Dot(normal, instances[order[^1]].GetValues<double>(DicomTag.ImagePositionPatient)) - Dot(normal, instances[order[0]].GetValues<double>(DicomTag.ImagePositionPatient))) / (order.Count - 1)
            : first.GetSingleValueOrDefault(DicomTag.SliceThickness, 1.0);
        // Pixel Spacing is row spacing (between rows, y) then column spacing (x).
        return (new CtVolume(values, order.Count, rows, columns, Math.Abs(sliceSpacing), spacing[0], spacing[1]), order.Select(i => instances[i]).ToList());
    }

    private static double[] Normal(double[] o) => [(o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3])];

    private static double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);
}
