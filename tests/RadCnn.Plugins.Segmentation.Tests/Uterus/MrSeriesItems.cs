using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// Work items from MR files as the host builds them: the instances in arrival order and a volume whose
/// slices are sorted by position along the slice normal (sagittal or axial), with the series' own row
/// and column directions.
/// </summary>
internal static class MrSeriesItems
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
            Modality = first.GetStringOrDefault(DicomTag.Modality, "MR"),
            SopClassUid = first.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = first.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = files.Select(f => f.Dataset).ToList(),
            Volumes = new Source(files),
        };
    }

    public static double[] Normal(DicomDataset ds)
    {
        var o = ds.GetValues<double>(DicomTag.ImageOrientationPatient);
        return [(o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3])];
    }

    public static double AlongNormal(DicomDataset ds)
    {
        var n = Normal(ds);
        var p = ds.GetValues<double>(DicomTag.ImagePositionPatient);
        return (p[0] * n[0]) + (p[1] * n[1]) + (p[2] * n[2]);
    }

    /// <summary>Builds the volume once and hands every caller that one, as the host's series assembly does (so a test can see what a plugin did to it).</summary>
    private sealed class Source(IReadOnlyList<DicomFile> files) : IImageVolumeSource
    {
        private readonly Lazy<ImageVolume> volume = new(() => Build(files));

        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(volume.Value);

        private static ImageVolume Build(IReadOnlyList<DicomFile> files)
        {
            var ordered = files.OrderBy(f => AlongNormal(f.Dataset)).ToList();
            var voxels = SourcePixels.ModalityVolume(ordered);
            var ds = ordered[0].Dataset;
            var spacing = ds.GetValues<double>(DicomTag.PixelSpacing);
            var origin = ds.GetValues<double>(DicomTag.ImagePositionPatient);
            var o = ds.GetValues<double>(DicomTag.ImageOrientationPatient);
            var dz = ordered.Count > 1 ? (AlongNormal(ordered[^1].Dataset) - AlongNormal(ds)) / (ordered.Count - 1) : 1;
            return new ImageVolume(voxels, ds.GetSingleValue<int>(DicomTag.Columns), ds.GetSingleValue<int>(DicomTag.Rows), ordered.Count,
                new Vector3D(spacing[1], spacing[0], dz), new Vector3D(origin[0], origin[1], origin[2]), new Vector3D(o[0], o[1], o[2]), new Vector3D(o[3], o[4], o[5]));
        }
    }
}
