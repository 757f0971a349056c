using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>
/// Which synthetic reports each step uses, so that no seed serves two purposes: the embeddings learn
/// from unlabelled reports of one seed, the classifier trains and validates on another, and the
/// evaluation reads seeds neither saw (and a second report style neither saw).
/// </summary>
internal static class ReportData
{
    public const int EmbeddingSeed = 101;
    public const int EmbeddingCount = 4000;
    public const int TrainSeed = 1;
    public const int TrainCount = 3000;
    public const double ValidationShare = 0.2;
    public const int HeldOutSeed = 9001;
    public const int SecondStyleSeed = 9002;

    /// <summary>Reports from a folder written by `radcnn phantom reports` (or a user's own, same layout): labels.csv with file and label columns.</summary>
    public static IReadOnlyList<ReportPhantom> ReadFolder(string directory)
    {
        var labels = Path.Combine(directory, ReportSetWriter.LabelsFile);
        if (!File.Exists(labels))
        {
            throw new FileNotFoundException($"{labels} does not exist", labels);
        }

        var lines = File.ReadAllLines(labels);
        var header = lines[0].Split(',');
        int Column(string name) => Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        var (file, label, subset, category, style) = (Column("file"), Column("label"), Column("subset"), Column("category"), Column("style"));
        if (file < 0 || label < 0)
        {
            throw new InvalidDataException($"{labels}: the header needs 'file' and 'label' columns");
        }

        var reports = new List<ReportPhantom>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var fields = lines[i].Split(',');
            var value = fields[label].Trim();
            var positive = value is "1" or "present" or "positive" or "pe" ? 1 : value is "0" or "absent" or "negative" or "indeterminate" ? 0
                : throw new InvalidDataException($"{labels} line {i + 1}: label '{value}' is not 0/1, present/absent or positive/negative");
            reports.Add(new ReportPhantom
            {
                Id = Path.GetFileNameWithoutExtension(fields[file]),
                Text = File.ReadAllText(Path.Combine(directory, fields[file].Trim())).Replace("\r\n", "\n", StringComparison.Ordinal),
                Label = positive,
                Category = category >= 0 ? fields[category] : positive == 1 ? "present" : "absent",
                Subset = subset >= 0 ? fields[subset] : ReportSubsets.Plain,
                Style = style >= 0 ? fields[style] : "user",
                StudyInstanceUid = "",
                AccessionNumber = "",
            });
        }

        return reports;
    }
}
