using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// A folder of labelled CT series for training on real (or written phantom) data: one sub-folder of
/// DICOM files per series under series/, and nodules.csv with a header naming at least
/// series_instance_uid, x_mm, y_mm, z_mm, diameter_mm and label (benign or malignant), centres in
/// patient coordinates. A series without rows is a scan without nodules. The split groups by series.
/// </summary>
internal static class LabelledSeriesFolder
{
    public static IReadOnlyList<TrainingSample> Load(string directory, bool threeD, int seed, int views = 3, Patch3dGeometry? geometry = null)
    {
        var csv = Path.Combine(directory, "nodules.csv");
        if (!File.Exists(csv))
        {
            throw new DatasetException($"{csv} is missing (series_instance_uid, x_mm, y_mm, z_mm, diameter_mm, label)");
        }

        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new DatasetException($"{csv}: no column '{name}'");
        var (uid, x, y, z, d, label) = (Column("series_instance_uid"), Column("x_mm"), Column("y_mm"), Column("z_mm"), Column("diameter_mm"), Column("label"));
        var truth = new Dictionary<string, List<LabelledNodule>>(StringComparer.Ordinal);
        foreach (var (line, number) in lines.Skip(1).Select((l, n) => (l, n + 2)).Where(p => p.l.Trim().Length > 0))
        {
            var p = line.Split(',');
            try
            {
                double Number(int i) => double.Parse(p[i], CultureInfo.InvariantCulture);
                var malignant = p[label].Trim() switch
                {
                    "malignant" => true,
                    "benign" => false,
                    var other => throw new DatasetException($"{csv} line {number}: label '{other}' is neither benign nor malignant"),
                };
                var nodule = new LabelledNodule(new Vector3D(Number(x), Number(y), Number(z)), Number(d), malignant);
                (truth.TryGetValue(p[uid], out var list) ? list : truth[p[uid]] = []).Add(nodule);
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            {
                throw new DatasetException($"{csv} line {number}: {e.Message}");
            }
        }

        var series = Directory.GetDirectories(Path.Combine(directory, "series")).Order(StringComparer.Ordinal).ToList();
        return series.AsParallel().AsOrdered().SelectMany(folder =>
        {
            var files = Directory.GetFiles(folder, "*.dcm").Select(f => DicomFile.Open(f)).ToList();
            var seriesUid = files[0].Dataset.GetString(DicomTag.SeriesInstanceUID);
            var volume = CtVolume.From(CtSeriesReader.Read(files));
            var key = "series-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seriesUid)))[..16];
            return CandidateSamples.FromScan(volume, truth.TryGetValue(seriesUid, out var n) ? n : [], key, key, threeD, seed, views, geometry);
        }).ToList();
    }
}
