using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Plugins.Denoising.Tests.Support;

/// <summary>Work items from CT slices, as the host hands a series to a plugin (datasets with pixel data).</summary>
internal static class CtSeries
{
    public static ImageSeriesWorkItem FromDatasets(IReadOnlyList<DicomDataset> instances)
    {
        var first = instances[0];
        return new ImageSeriesWorkItem
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = first.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = first.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = first.GetStringOrDefault(DicomTag.Modality, "CT"),
            SopClassUid = first.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = first.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = instances,
            Volumes = new NoVolume(),
        };
    }

    public static ImageSeriesWorkItem FromFiles(IEnumerable<string> paths) => FromDatasets(paths.Select(p => DicomFile.Open(p).Dataset).ToList());

    /// <summary>The denoiser decodes each instance itself (pairing pixels with their own dataset), so the volume is never asked for.</summary>
    private sealed class NoVolume : IImageVolumeSource
    {
        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the denoiser should not need the volume");
    }
}
