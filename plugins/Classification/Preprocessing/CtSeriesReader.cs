using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// Orders a CT series' instances along the slice normal by Image Position (Patient), as the host does,
/// and reads them into an <see cref="ImageVolume"/> in HU. Training on a folder of series and tests
/// read series this way, so they see the volume the plugin sees from the host.
/// </summary>
internal static class CtSeriesReader
{
    /// <summary>The instances in slice order with their position along the normal (mm); null position where absent.</summary>
    public static IReadOnlyList<(DicomDataset Dataset, double? Position)> Order(IEnumerable<DicomDataset> instances)
    {
        var list = instances.ToList();
        var orientation = list.Count > 0 ? Numbers(list[0], DicomTag.ImageOrientationPatient) : null;
        var normal = orientation is { Length: 6 }
            ? Vector3D.Cross(new Vector3D(orientation[0], orientation[1], orientation[2]), new Vector3D(orientation[3], orientation[4], orientation[5]))
            : new Vector3D(0, 0, 1);
        return list
            .Select(d => (Dataset: d, Position: Numbers(d, DicomTag.ImagePositionPatient) is { Length: 3 } p ? Vector3D.Dot(new Vector3D(p[0], p[1], p[2]), normal) : (double?)null))
            .OrderBy(s => s.Position ?? double.MaxValue)
            .ThenBy(s => s.Dataset.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0))
            .ToList();
    }

    public static ImageVolume Read(IReadOnlyList<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new InvalidDataException("the series has no instances");
        }

        var bySop = files.ToDictionary(f => f.Dataset, f => f);
        var ordered = Order(files.Select(f => f.Dataset)).Select(o => bySop[o.Dataset]).ToList();
        var first = ordered[0].Dataset;
        var orientation = Numbers(first, DicomTag.ImageOrientationPatient) is { Length: 6 } o ? o : [1, 0, 0, 0, 1, 0];
        var row = new Vector3D(orientation[0], orientation[1], orientation[2]);
        var column = new Vector3D(orientation[3], orientation[4], orientation[5]);
        var normal = Vector3D.Cross(row, column);
        var pixels = ordered.Select(DicomPixelData.Create).ToList();
        var rows = pixels[0].Rows;
        var columns = pixels[0].Columns;
        var frame = rows * columns;
        var voxels = new float[frame * pixels.Count];
        for (var s = 0; s < pixels.Count; s++)
        {
            if (pixels[s].Rows != rows || pixels[s].Columns != columns)
            {
                throw new InvalidDataException("the series' instances differ in size");
            }

            pixels[s].GetModalityValues<float>(0).AsSpan(0, frame).CopyTo(voxels.AsSpan(s * frame));
        }

        var positions = ordered.Select(f => Numbers(f.Dataset, DicomTag.ImagePositionPatient) is { Length: 3 } p ? new Vector3D(p[0], p[1], p[2]) : new Vector3D(0, 0, 0)).ToList();
        var spacing = Numbers(first, DicomTag.PixelSpacing) is { Length: 2 } ps ? ps : [1, 1];
        var sliceSpacing = positions.Count > 1 ? Math.Abs(Vector3D.Dot(positions[^1], normal) - Vector3D.Dot(positions[0], normal)) / (positions.Count - 1) : 1;
        return new ImageVolume(voxels, columns, rows, pixels.Count, new Vector3D(spacing[1], spacing[0], sliceSpacing > 0 ? sliceSpacing : 1), positions[0], row, column)
        {
            Unit = "HU",
            FrameOfReferenceUid = first.TryGetString(DicomTag.FrameOfReferenceUID, out var frameOfReference) ? frameOfReference : null,
        };
    }

    public static double[]? Numbers(DicomDataset dataset, DicomTag tag)
    {
        if (!dataset.TryGetString(tag, out var text) || text.Length == 0)
        {
            return null;
        }

        var parts = text.Split('\\');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
