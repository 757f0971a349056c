using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Labelled CT from a folder: every CT series (by Series Instance UID) that a DICOM SEG in the folder
/// references, with the SEG's liver and mass segments as ground truth. Phantoms from `radcnn phantom
/// abdomen-ct` have this layout, and so does real data exported with its SEG (3D Slicer, highdicom, a PACS).
/// </summary>
internal static class LabelledCtFolder
{
    public static IReadOnlyList<LabelledCt> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DatasetException($"{directory} does not exist");
        }

        var series = new Dictionary<string, List<DicomFile>>(StringComparer.Ordinal);
        var segs = new List<DicomFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = DicomFile.Open(path);
            var modality = file.Dataset.GetStringOrDefault(DicomTag.Modality).Trim();
            if (modality == "SEG")
            {
                segs.Add(file);
            }
            else if (modality == "CT")
            {
                var uid = file.Dataset.GetString(DicomTag.SeriesInstanceUID);
                if (!series.TryGetValue(uid, out var list))
                {
                    series[uid] = list = [];
                }

                list.Add(file);
            }
        }

        var cases = new List<LabelledCt>();
        foreach (var seg in segs)
        {
            var referenced = seg.Dataset.GetSequence(DicomTag.ReferencedSeriesSequence).Items[0].GetString(DicomTag.SeriesInstanceUID).Trim();
            if (!series.TryGetValue(referenced, out var files))
            {
                throw new DatasetException($"{seg.Path}: the series it segments is not in {directory}");
            }

            cases.Add(Read(files, seg.Dataset, Path.GetFileName(Path.GetDirectoryName(seg.Path!)) ?? referenced));
        }

        return cases;
    }

    public static LabelledCt Read(IReadOnlyList<DicomFile> slices, DicomDataset seg, string id)
    {
        var (volume, ordered) = CtSeries.ToVolume(slices.Select(f => f.Dataset).ToList(), slices.Select(SourcePixels.Modality).ToList());
        var segments = SegmentationReader.Read(seg, ordered.Select(d => d.GetString(DicomTag.SOPInstanceUID).Trim()).ToList());
        var liver = new bool[volume.Count];
        var masses = new bool[volume.Count];
        foreach (var (_, type, label, mask) in segments)
        {
            var isMass = type is "4147007" or "108369006" || label.Contains("mass", StringComparison.OrdinalIgnoreCase) || label.Contains("tumo", StringComparison.OrdinalIgnoreCase) || label.Contains("lesion", StringComparison.OrdinalIgnoreCase);
            var isLiver = !isMass && (type == "10200004" || label.Contains("liver", StringComparison.OrdinalIgnoreCase));
            for (var i = 0; i < mask.Length; i++)
            {
                masses[i] |= isMass && mask[i];
                liver[i] |= (isMass || isLiver) && mask[i];
            }
        }

        return new LabelledCt(id, volume, liver, masses);
    }
}
