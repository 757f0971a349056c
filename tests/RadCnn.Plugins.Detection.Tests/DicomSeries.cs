using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>Work items from DICOM files, their pixels decoded with RadCnn's pixel-data reader on demand as the host does.</summary>
internal static class DicomSeries
{
    public static ImageSeriesWorkItem FromFile(string path) => FromFile(DicomFile.Open(path));

    public static ImageSeriesWorkItem FromFile(DicomFile file)
    {
        var ds = file.Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = ds.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = ds.GetStringOrDefault(DicomTag.Modality, "DX"),
            SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = ds.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = [ds],
            Volumes = new Source(file),
        };
    }

    private sealed class Source(DicomFile file) : IImageVolumeSource
    {
        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken)
        {
            var pixels = DicomPixelData.Create(file);
            var values = pixels.GetModalityValues<float>(0);
            return ValueTask.FromResult(new ImageVolume(values, pixels.Columns, pixels.Rows, 1,
                new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0)));
        }
    }
}
