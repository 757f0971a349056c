using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Labelled images from a folder: every series of one modality that a DICOM SEG in the folder
/// references, with the SEG's organ and lesion segments as ground truth. A segment is the lesion when
/// coded Neoplasm (SCT 108369006) or Mass (4147007) or labelled mass, tumour or lesion (a lesion also
/// counts as organ); it is the organ when coded with the organ's code or labelled with its name. RadCnn's
/// phantoms have this layout, and so does real data exported with its SEG (3D Slicer, highdicom, a PACS).
/// </summary>
internal static class LabelledSegFolder
{
    /// <summary>Every case in <paramref name="directory"/>: the series of <paramref name="modality"/> each SEG references, read by <paramref name="read"/>.</summary>
    public static IReadOnlyList<T> Read<T>(string directory, string modality, Func<IReadOnlyList<DicomFile>, DicomDataset, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!Directory.Exists(directory))
        {
            throw new DatasetException($"{directory} does not exist");
        }

        var series = new Dictionary<string, List<DicomFile>>(StringComparer.Ordinal);
        var segs = new List<DicomFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = DicomFile.Open(path);
            var fileModality = file.Dataset.GetStringOrDefault(DicomTag.Modality).Trim();
            if (fileModality == "SEG")
            {
                segs.Add(file);
            }
            else if (fileModality == modality)
            {
                var uid = file.Dataset.GetString(DicomTag.SeriesInstanceUID);
                if (!series.TryGetValue(uid, out var list))
                {
                    series[uid] = list = [];
                }

                list.Add(file);
            }
        }

        var cases = new List<T>();
        foreach (var seg in segs)
        {
            var referenced = seg.Dataset.GetSequence(DicomTag.ReferencedSeriesSequence).Items[0].GetString(DicomTag.SeriesInstanceUID).Trim();
            if (!series.TryGetValue(referenced, out var files))
            {
                throw new DatasetException($"{seg.Path}: the series it segments is not in {directory}");
            }

            cases.Add(read(files, seg.Dataset, Path.GetFileName(Path.GetDirectoryName(seg.Path!)) ?? referenced));
        }

        return cases;
    }

    /// <summary>The series as a volume (ordered along the slice normal) and the SEG's organ and lesion masks on it.</summary>
    public static (CtVolume Volume, bool[] Organ, bool[] Lesion) Masks(IReadOnlyList<DicomFile> slices, DicomDataset seg, string organCode, string organName)
    {
        var (volume, ordered) = CtSeries.ToVolume(slices.Select(f => f.Dataset).ToList(), slices.Select(SourcePixels.Modality).ToList());
        var segments = SegmentationReader.Read(seg, ordered.Select(d => d.GetString(DicomTag.SOPInstanceUID).Trim()).ToList());
        var organ = new bool[volume.Count];
        var lesion = new bool[volume.Count];
        foreach (var (_, type, label, mask) in segments)
        {
            var isLesion = type is "4147007" or "108369006" || label.Contains("mass", StringComparison.OrdinalIgnoreCase) || label.Contains("tumo", StringComparison.OrdinalIgnoreCase) || label.Contains("lesion", StringComparison.OrdinalIgnoreCase);
            var isOrgan = !isLesion && (type == organCode || label.Contains(organName, StringComparison.OrdinalIgnoreCase));
            for (var i = 0; i < mask.Length; i++)
            {
                lesion[i] |= isLesion && mask[i];
                organ[i] |= (isLesion || isOrgan) && mask[i];
            }
        }

        return (volume, organ, lesion);
    }
}
