using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>Work items from DICOM files, their pixels decoded with RadCnn's pixel-data reader on demand as the host does.</summary>
internal static class DicomSeries
{
    public static ImageSeriesWorkItem FromFile(string path) => FromFile(DicomFile.Open(path));

    public static ImageSeriesWorkItem FromFile(DicomFile file) => FromFiles([file]);

    /// <summary>One series of radiographs; the volume holds their pixels in the order given, as the host's volume would after sorting.</summary>
    public static ImageSeriesWorkItem FromFiles(IReadOnlyList<DicomFile> files)
    {
        var ds = files[0].Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = ds.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = ds.GetStringOrDefault(DicomTag.Modality, "DX"),
            SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = ds.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = [.. files.Select(f => f.Dataset)],
            Volumes = new Source(files),
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
