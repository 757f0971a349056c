using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.TestSupport.Plugins;

/// <summary>
/// Work items from cross-sectional series (CT, MR) as the host builds them: the instances in arrival order, and a volume
/// whose slices are sorted by position along the slice normal (axial, sagittal or coronal), with the series' own row and
/// column directions and spacing, built once and handed to every caller as the host's series assembly does (so a test
/// can see what a plugin did to it). Geometry is read only when the volume is asked for, so series a plugin refuses
/// for their geometry still make work items.
/// </summary>
public static class SortedDicomSeries
{
    public static ImageSeriesWorkItem FromFolder(string folder) =>
        FromFiles([.. Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p))]);

    public static ImageSeriesWorkItem FromFiles(IReadOnlyList<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return DicomSeries.WorkItem(files, new Source(files));
    }

    /// <summary>The slice normal: the cross product of the row and column directions.</summary>
    public static double[] Normal(DicomDataset ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var o = ds.GetValues<double>(DicomTag.ImageOrientationPatient);
        return [(o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3])];
    }

    /// <summary>The slice's position along its normal (mm).</summary>
    public static double AlongNormal(DicomDataset ds)
    {
        var n = Normal(ds);
        var p = ds.GetValues<double>(DicomTag.ImagePositionPatient);
        return (p[0] * n[0]) + (p[1] * n[1]) + (p[2] * n[2]);
    }

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
                new Vector3D(spacing[1], spacing[0], dz), new Vector3D(origin[0], origin[1], origin[2]), new Vector3D(o[0], o[1], o[2]), new Vector3D(o[3], o[4], o[5]))
            {
                Unit = ds.GetStringOrDefault(DicomTag.Modality, string.Empty) == "CT" ? "HU" : null,
            };
        }
    }
}
