using RadCnn.Dicom;

namespace RadCnn.Training.Data;

/// <summary>SOP Instance and Series Instance UIDs of every DICOM file under a folder (headers only, pixel data not read).</summary>
internal sealed class DicomIndex
{
    private static readonly DicomReadOptions HeaderOnly = DicomReadOptions.Default with { StopBeforeTag = DicomTag.PixelData };

    public Dictionary<string, List<string>> ByInstance { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> BySeries { get; } = new(StringComparer.Ordinal);

    public static DicomIndex Build(string directory, string labelsPath)
    {
        var index = new DicomIndex();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (string.Equals(Path.GetFullPath(path), Path.GetFullPath(labelsPath), StringComparison.Ordinal)
                || path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            DicomDataset dataset;
            try
            {
                dataset = DicomFile.Open(path, HeaderOnly).Dataset;
            }
            catch (DicomFormatException)
            {
                continue; // not DICOM (a README, a mask in another format): only labelled rows matter
            }

            Add(index.ByInstance, dataset.GetStringOrDefault(DicomTag.SOPInstanceUID), path);
            Add(index.BySeries, dataset.GetStringOrDefault(DicomTag.SeriesInstanceUID), path);
        }

        return index;
    }

    private static void Add(Dictionary<string, List<string>> map, string key, string path)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(path);
    }
}
