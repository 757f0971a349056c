using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Labelled MR from a folder: every MR series that a DICOM SEG in the folder references, with the SEG's
/// uterus and tumour segments as ground truth (a segment coded Uterus, SCT 35039007, or labelled
/// "uterus"; one coded Neoplasm/Mass or labelled tumour/mass/lesion, which also counts as uterus).
/// Phantoms from `radcnn phantom pelvis-mr` have this layout.
/// </summary>
internal static class LabelledMrFolder
{
    public static IReadOnlyList<LabelledMr> Read(string directory)
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
            else if (modality == "MR")
            {
                var uid = file.Dataset.GetString(DicomTag.SeriesInstanceUID);
                if (!series.TryGetValue(uid, out var list))
                {
                    series[uid] = list = [];
                }

                list.Add(file);
            }
        }

        var cases = new List<LabelledMr>();
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

    public static LabelledMr Read(IReadOnlyList<DicomFile> slices, DicomDataset seg, string id)
    {
        var (volume, ordered) = CtSeries.ToVolume(slices.Select(f => f.Dataset).ToList(), slices.Select(SourcePixels.Modality).ToList());
        var segments = SegmentationReader.Read(seg, ordered.Select(d => d.GetString(DicomTag.SOPInstanceUID).Trim()).ToList());
        var uterus = new bool[volume.Count];
        var tumour = new bool[volume.Count];
        foreach (var (_, type, label, mask) in segments)
        {
            var isTumour = type is "4147007" or "108369006" || label.Contains("mass", StringComparison.OrdinalIgnoreCase) || label.Contains("tumo", StringComparison.OrdinalIgnoreCase) || label.Contains("lesion", StringComparison.OrdinalIgnoreCase);
            var isUterus = !isTumour && (type == "35039007" || label.Contains("uterus", StringComparison.OrdinalIgnoreCase));
            for (var i = 0; i < mask.Length; i++)
            {
                tumour[i] |= isTumour && mask[i];
                uterus[i] |= (isTumour || isUterus) && mask[i];
            }
        }

        return new LabelledMr(id, volume.Values, volume.Depth, volume.Height, volume.Width, (volume.SpacingZ, volume.SpacingY, volume.SpacingX), uterus, tumour);
    }
}
