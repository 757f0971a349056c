using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Host.SeriesAssembly;

/// <summary>
/// Builds a series' volume on first use: slices ordered along their normal by Image Position
/// (Patient), modality values (rescaled: HU for CT), spacing from Pixel Spacing and slice positions,
/// and the source instance (and frame) of every slice in that order.
/// Built once per work item; plugins that never ask pay nothing.
/// </summary>
internal sealed class SeriesVolumeSource(IReadOnlyList<DicomFile> files) : IImageVolumeSource
{
    private readonly Lazy<ImageVolume> _volume = new(() => Build(files));

    /// <summary>The instances the volume is built from (a plugin host process opens the same spool files).</summary>
    public IReadOnlyList<DicomFile> Files => files;

    public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_volume.Value);

    private static ImageVolume Build(IReadOnlyList<DicomFile> files)
    {
        if (files.Count == 0)
        {
            throw new InvalidOperationException("the series has no instances");
        }

        var first = files[0].Dataset;
        var orientation = Doubles(first, DicomTag.ImageOrientationPatient) is { Length: 6 } o ? o : [1, 0, 0, 0, 1, 0];
        var row = new Vector3D(orientation[0], orientation[1], orientation[2]);
        var column = new Vector3D(orientation[3], orientation[4], orientation[5]);
        var normal = Vector3D.Cross(row, column);
        var ordered = files
            .Select(f => (File: f, Position: Doubles(f.Dataset, DicomTag.ImagePositionPatient) is { Length: 3 } p ? new Vector3D(p[0], p[1], p[2]) : default))
            .OrderBy(s => Vector3D.Dot(s.Position, normal))
            .ThenBy(s => s.File.Dataset.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0))
            .ToList();

        var pixels = ordered.Select(s => DicomPixelData.Create(s.File)).ToList();
        var rows = pixels[0].Rows;
        var columns = pixels[0].Columns;
        var frameSize = rows * columns;
        var frames = pixels.Sum(p => p.NumberOfFrames);
        var voxels = new float[(long)frameSize * frames];
        var offset = 0;
        var sources = new List<SliceSource>(frames);
        foreach (var (pixel, slice) in pixels.Zip(ordered))
        {
            if (pixel.Rows != rows || pixel.Columns != columns)
            {
                throw new InvalidDataException("the series' instances differ in size");
            }

            for (var frame = 0; frame < pixel.NumberOfFrames; frame++)
            {
                pixel.GetModalityValues<float>(frame).AsSpan(0, frameSize).CopyTo(voxels.AsSpan(offset));
                offset += frameSize;
                sources.Add(new SliceSource(slice.File.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID), slice.File.Dataset, frame));
            }
        }

        var spacing = Doubles(first, DicomTag.PixelSpacing) is { Length: 2 } ps ? ps : [1, 1];
        var sliceSpacing = ordered.Count > 1
            ? Math.Abs(Vector3D.Dot(ordered[^1].Position, normal) - Vector3D.Dot(ordered[0].Position, normal)) / (ordered.Count - 1)
            : Doubles(first, DicomTag.SliceThickness) is { Length: 1 } t ? t[0] : 1;
        return new ImageVolume(voxels, columns, rows, frames,
            new Vector3D(spacing[1], spacing[0], sliceSpacing > 0 ? sliceSpacing : 1),
            ordered[0].Position, row, column)
        {
            Unit = first.GetStringOrDefault(DicomTag.Modality) == "CT" ? "HU" : null,
            FrameOfReferenceUid = first.TryGetString(DicomTag.FrameOfReferenceUID, out var frameOfReference) ? frameOfReference : null,
            SliceSources = sources,
        };
    }

    private static double[]? Doubles(DicomDataset data, DicomTag tag)
    {
        if (!data.TryGetString(tag, out var text) || text.Length == 0)
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
