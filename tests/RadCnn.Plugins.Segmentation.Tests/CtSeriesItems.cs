using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// Work items from CT files as the host builds them: the instances in arrival order and a volume whose
/// slices are sorted by position along the normal, pixels decoded with RadCnn's reader on demand.
/// </summary>
internal static class CtSeriesItems
{
    public static ImageSeriesWorkItem FromFolder(string folder) => FromFiles(Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p)).ToList());

    public static ImageSeriesWorkItem FromFiles(IReadOnlyList<DicomFile> files)
    {
        var first = files[0].Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            StudyInstanceUid = first.GetStringOrDefault(DicomTag.StudyInstanceUID, "1.2.3"),
            SeriesInstanceUid = first.GetStringOrDefault(DicomTag.SeriesInstanceUID, "1.2.3.4"),
            Modality = first.GetStringOrDefault(DicomTag.Modality, "CT"),
            SopClassUid = first.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = first.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = files.Select(f => f.Dataset).ToList(),
            Volumes = new Source(files),
        };
    }

    /// <summary>Builds the volume once and hands every caller that one, as the host's series assembly does (so a test can see what a plugin did to it).</summary>
    private sealed class Source(IReadOnlyList<DicomFile> files) : IImageVolumeSource
    {
        private readonly Lazy<ImageVolume> volume = new(() => Build(files));

        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(volume.Value);

        private static ImageVolume Build(IReadOnlyList<DicomFile> files)
        {
            var ordered = files.OrderBy(f => f.Dataset.GetValues<double>(DicomTag.ImagePositionPatient)[2]).ToList();
            var voxels = SourcePixels.ModalityVolume(ordered);
            var ds = ordered[0].Dataset;
            var spacing = ds.GetValues<double>(DicomTag.PixelSpacing);
            var origin = ds.GetValues<double>(DicomTag.ImagePositionPatient);
            var dz = ordered.Count > 1 ? (ordered[^1].Dataset.GetValues<double>(DicomTag.ImagePositionPatient)[2] - origin[2]) / (ordered.Count - 1) : 1;
            return new ImageVolume(voxels, ds.GetSingleValue<int>(DicomTag.Columns), ds.GetSingleValue<int>(DicomTag.Rows), ordered.Count,
                new Vector3D(spacing[1], spacing[0], dz), new Vector3D(origin[0], origin[1], origin[2]), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0)) { Unit = "HU" };
        }
    }
}
