using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// A work item for a series of DICOM files with the volume read on first use as the host reads it:
/// for the bench, the evaluation and the tests, which run the plugin without the host.
/// </summary>
internal static class CtSeriesItem
{
    public static ImageSeriesWorkItem FromFiles(IReadOnlyList<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var first = files[0].Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "series-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = first.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = first.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = first.GetStringOrDefault(DicomTag.Modality, string.Empty),
            SopClassUid = first.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = first.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = files.Select(f => f.Dataset).ToList(),
            Volumes = new LazyVolume(files),
        };
    }

    public static ImageSeriesWorkItem FromDatasets(IReadOnlyList<DicomDataset> datasets) =>
        FromFiles(datasets.Select(d => new DicomFile(d) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }).ToList());

    private sealed class LazyVolume(IReadOnlyList<DicomFile> files) : IImageVolumeSource
    {
        private readonly Lazy<ImageVolume> volume = new(() => CtSeriesReader.Read(files));

        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(volume.Value);
    }
}
