using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.TestSupport.Plugins;

/// <summary>
/// Work items from DICOM files for a plugin's tests, as the host builds them: the instances, and a
/// volume of their modality values (decoded on demand with RadCnn's pixel-data reader) that records
/// which instance each slice came from, in the order given.
/// </summary>
public static class DicomSeries
{
    public static ImageSeriesWorkItem FromFile(string path) => FromFiles([DicomFile.Open(path)]);

    /// <summary>One series of same-sized images; the volume holds their pixels in the order given, as the host's would after sorting.</summary>
    public static ImageSeriesWorkItem FromFiles(IReadOnlyList<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return WorkItem(files, new Source(files));
    }

    /// <summary>The work item of <paramref name="files"/> (identifiers from the first), its volume from <paramref name="volumes"/>.</summary>
    internal static ImageSeriesWorkItem WorkItem(IReadOnlyList<DicomFile> files, IImageVolumeSource volumes)
    {
        var ds = files[0].Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = ds.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = ds.GetStringOrDefault(DicomTag.Modality, "OT"),
            SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = ds.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = [.. files.Select(f => f.Dataset)],
            Volumes = volumes,
        };
    }

    private sealed class Source(IReadOnlyList<DicomFile> files) : IImageVolumeSource
    {
        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken)
        {
            var pixels = files.Select(DicomPixelData.Create).ToList();
            var values = pixels.SelectMany(p => p.GetModalityValues<float>(0).Take(p.Rows * p.Columns)).ToArray();
            return ValueTask.FromResult(new ImageVolume(values, pixels[0].Columns, pixels[0].Rows, files.Count,
                new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0))
            {
                SliceSources = [.. files.Select(f => SliceSource.Of(f.Dataset))],
            });
        }
    }
}
