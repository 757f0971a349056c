using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Evaluation;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Plugins.Classification.Training;
using RadCnn.Training.Metrics;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Bench.Classification;

/// <summary>
/// Where sensitivity and malignancy AUC are lost, per true nodule of validation scans: whether the
/// candidate stage put a candidate within the nodule's hit radius (and how far off the nearest one
/// lies), the rank and score of its best candidate, whether that score reaches the 1 FP/scan point of
/// these scans (3D and the plugin's mean), and the malignancy the models give it; grouped by kind,
/// diameter, label, in-plane pixel spacing and contact with other tissue. The false positives above the
/// 1 FP/scan point are split by whether they lie on or beside a nodule. For malignancy, the AUC a
/// diameter-only oracle reaches on the same nodules (the phantom's sizes overlap at 7-14 mm) and the
/// models' AUC at the true centres (is the crop the loss?).
/// </summary>
internal static class NoduleDiagnosis
{
    private sealed record Row(
        int Scan, int Number, NoduleKind Kind, double Diameter, bool Malignant, double PixelMm, double Contact,
        bool Candidate, double NearestMm, double OffsetOfHit, int DetectorRank, double Score3d, double ScoreMean,
        int RankMean, bool Found3d, bool FoundMean, double Malignancy3d, double Malignancy, double CentreScore3d,
        double CentreMalignancy3d, double EstimatedDiameter)
    {
        public string Outcome3d => !Candidate ? "candidate-miss" : Found3d ? "found" : "below-1fp";

        public string DiameterBin => Diameter switch { < 6 => "4-6", < 10 => "6-10", < 14 => "10-14", < 20 => "14-20", _ => "20-30" };

        public string Attached => Contact switch { < 0.02 => "free", < NoduleContact.AttachedShare => "touching", _ => "attached" };

        public string PixelBin => PixelMm < 3 ? "pixel <3mm" : "pixel >=3mm";
    }

    public static async Task RunAsync(ChestCtGenerator generator, int seed, IReadOnlyList<ScanOutcome> scans, NoduleAnalyzer analyzer, Decision decision)
    {
        var froc3d = FrocCurve.Compute(scans, r => r.Nodule3d);
        var frocMean = FrocCurve.Compute(scans, r => r.Nodule);
        var (t3d, tMean) = (froc3d.ThresholdAt(1), frocMean.ThresholdAt(1));
        var rows = new List<Row>();
        var falsePositives = new List<(double Score, double Diameter, string Where)>();
        for (var s = 0; s < scans.Count; s++)
        {
            var phantom = generator.Generate(seed, s);
            var volume = analyzer.Prepare(CtVolume.From(phantom));
            var readings = scans[s].Readings;
            foreach (var (truth, nodule) in scans[s].Truth.Zip(phantom.Nodules))
            {
                var hits = readings.Select((r, k) => (r, k)).Where(p => truth.Contains(p.r.Candidate.Centre)).ToList();
                var best = hits.Count == 0 ? default : hits.MaxBy(p => p.r.Nodule);
                var best3d = hits.Count == 0 ? default : hits.MaxBy(p => p.r.Nodule3d);
                var nearest = readings.Count == 0 ? double.NaN : readings.Min(r => Distance(r.Candidate.Centre, truth.Centre));
                var atCentre = await analyzer.ReadOneAsync(volume, new NoduleCandidate(truth.Centre, truth.DiameterMm, 0), CancellationToken.None).ConfigureAwait(false);
                var scoreMean = best.r?.Nodule ?? double.NaN;
                rows.Add(new Row(
                    s, nodule.Number, nodule.Kind, nodule.DiameterMm, nodule.Malignant, phantom.PixelSpacing, NoduleContact.Of(phantom, nodule),
                    hits.Count > 0, nearest, best.r is null ? double.NaN : Distance(best.r.Candidate.Centre, truth.Centre) / Math.Max(truth.DiameterMm / 2, 4),
                    hits.Count > 0 ? hits.Min(p => p.k) : -1,
                    best3d.r?.Nodule3d ?? double.NaN, scoreMean,
                    best.r is null ? -1 : readings.Count(r => r.Nodule > scoreMean),
                    best3d.r is not null && best3d.r.Nodule3d >= t3d, best.r is not null && scoreMean >= tMean,
                    best.r?.Malignancy3d ?? double.NaN, best.r?.Malignancy ?? double.NaN,
                    atCentre.Nodule3d, atCentre.Malignancy3d, best.r?.Candidate.DiameterMm ?? double.NaN));
            }

            foreach (var (r, k) in readings.Select((r, k) => (r, k)).Where(p => p.r.Nodule >= tMean && !scans[s].Truth.Any(t => t.Contains(p.r.Candidate.Centre))))
            {
                // Training keeps the CandidateSamples.NegativesPerScan strongest non-nodules of each scan as look-alikes:
                // a false positive ranked below them by the detector is a kind of candidate the networks never saw.
                var near = scans[s].Truth.Any(t => Distance(t.Centre, r.Candidate.Centre) <= Math.Max(t.DiameterMm / 2, 4) + 6);
                var seen = k < CandidateSamples.NegativesPerScan + scans[s].Truth.Count ? "detector rank within the trained look-alikes" : "detector rank beyond the trained look-alikes";
                falsePositives.Add((r.Nodule, r.Candidate.DiameterMm, (near ? "beside a nodule (<= radius + 6 mm)" : "elsewhere") + ", " + seen));
            }
        }

        var table = new StringBuilder();
        void Line(string text) => table.AppendLine(text);
        Line(string.Create(CultureInfo.InvariantCulture, $"1 FP/scan points on these scans: 3D {t3d:F4}, mean {tMean:F4}; sensitivity 3D {froc3d.SensitivityAt(1):F3}, mean {frocMean.SensitivityAt(1):F3}"));
        Line("| group | nodules | candidate miss | below 1 FP (3D) | found (3D) | below 1 FP (mean) | found (mean) | median best rank (mean) |");
        Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var groups = new List<(string Name, IEnumerable<IGrouping<string, Row>> Groups)>
        {
            ("all", rows.GroupBy(_ => "all")),
            ("label", rows.GroupBy(r => r.Malignant ? "malignant" : "benign")),
            ("kind", rows.GroupBy(r => r.Kind.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal)),
            ("diameter", rows.GroupBy(r => r.DiameterBin).OrderBy(g => g.Min(r => r.Diameter))),
            ("contact", rows.GroupBy(r => r.Attached).OrderBy(g => g.Min(r => r.Contact))),
            ("hard (attached or perifissural)", rows.GroupBy(r => r.Kind == NoduleKind.Perifissural || r.Contact >= NoduleContact.AttachedShare ? "yes" : "no").OrderBy(g => g.Key, StringComparer.Ordinal)),
            ("pixel", rows.GroupBy(r => r.PixelBin).OrderBy(g => g.Key, StringComparer.Ordinal)),
        };
        var byGroup = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, set) in groups)
        {
            foreach (var g in set)
            {
                var n = g.Count();
                var (miss, below3d, found3d) = (g.Count(r => !r.Candidate), g.Count(r => r.Candidate && !r.Found3d), g.Count(r => r.Found3d));
                var (belowMean, foundMean) = (g.Count(r => r.Candidate && !r.FoundMean), g.Count(r => r.FoundMean));
                var ranks = g.Where(r => r.Candidate).Select(r => r.RankMean).Order().ToList();
                var median = ranks.Count == 0 ? double.NaN : ranks[ranks.Count / 2];
                Line(string.Create(CultureInfo.InvariantCulture, $"| {name}: {g.Key} | {n} | {miss} | {below3d} | {found3d} | {belowMean} | {foundMean} | {median} |"));
                byGroup[$"{name}:{g.Key}"] = new { nodules = n, candidate_miss = miss, below_1fp_3d = below3d, found_3d = found3d, below_1fp_mean = belowMean, found_mean = foundMean };
            }
        }

        Line("");
        Line("Missed nodules (3D at 1 FP/scan):");
        Line("| scan | kind | diameter mm | label | pixel mm | contact | outcome | nearest candidate mm | best-hit offset / radius | detector rank | 3D score | rank by mean | 3D score at true centre |");
        Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows.Where(r => !r.Found3d).OrderBy(r => r.Outcome3d, StringComparer.Ordinal).ThenBy(r => r.Diameter))
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"| {r.Scan} | {r.Kind} | {r.Diameter:F1} | {(r.Malignant ? "malignant" : "benign")} | {r.PixelMm:F2} | {r.Contact:F2} | {r.Outcome3d} | {r.NearestMm:F1} | {r.OffsetOfHit:F2} | {r.DetectorRank} | {r.Score3d:F3} | {r.RankMean} | {r.CentreScore3d:F3} |"));
        }

        // Malignancy on the detected nodules (each nodule's best candidate by the mean, as eval does).
        var detected = rows.Where(r => r.Candidate).ToList();
        var labels = detected.Select(r => r.Malignant ? 1 : 0).ToList();
        double Auc(Func<Row, double> score, IReadOnlyList<Row> set) =>
            set.Any(r => r.Malignant) && set.Any(r => !r.Malignant) ? RocAnalysis.Auc(set.Select(score).ToList(), set.Select(r => r.Malignant ? 1 : 0).ToList()) : double.NaN;
        var overlap = detected.Where(r => r.Diameter is >= 7 and <= 14).ToList();
        var outside = detected.Where(r => r.Diameter is < 7 or > 14).ToList();
        var auc = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["3d"] = Auc(r => r.Malignancy3d, detected),
            ["mean"] = Auc(r => r.Malignancy, detected),
            ["3d_at_true_centre"] = Auc(r => r.CentreMalignancy3d, detected),
            ["oracle_true_diameter"] = Auc(r => r.Diameter, detected),
            ["candidate_estimated_diameter"] = Auc(r => r.EstimatedDiameter, detected),
            ["3d_in_overlap_7_14mm"] = Auc(r => r.Malignancy3d, overlap),
            ["oracle_diameter_in_overlap_7_14mm"] = Auc(r => r.Diameter, overlap),
            ["3d_outside_overlap"] = Auc(r => r.Malignancy3d, outside),
        };
        var threshold = decision.MalignancyThreshold;
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"Malignancy on {detected.Count} detected nodules ({labels.Sum()} malignant); AUC: ") + string.Join(", ", auc.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Value:F3}"))));
        Line(string.Create(CultureInfo.InvariantCulture, $"| kind | n | diameter range mm | mean P(malignant) 3D | at true centre | called malignant at {threshold:F3} (3D) |"));
        Line("| --- | --- | --- | --- | --- | --- |");
        foreach (var g in detected.GroupBy(r => r.Kind).OrderBy(g => g.Key))
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} | {g.Min(r => r.Diameter):F1}-{g.Max(r => r.Diameter):F1} | {g.Average(r => r.Malignancy3d):F3} | {g.Average(r => r.CentreMalignancy3d):F3} | {g.Count(r => r.Malignancy3d >= threshold)} |"));
        }

        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"Confused at {threshold:F3} (3D):"));
        Line("| scan | kind | diameter mm | label | pixel mm | P(malignant) 3D | at true centre | candidate's diameter mm |");
        Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in detected.Where(r => r.Malignant != (r.Malignancy3d >= threshold)).OrderBy(r => r.Kind).ThenBy(r => r.Diameter))
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"| {r.Scan} | {r.Kind} | {r.Diameter:F1} | {(r.Malignant ? "malignant" : "benign")} | {r.PixelMm:F2} | {r.Malignancy3d:F3} | {r.CentreMalignancy3d:F3} | {r.EstimatedDiameter:F1} |"));
        }

        Line("");
        Line("| false positives above the mean's 1 FP/scan point | count | median estimated diameter mm |");
        Line("| --- | --- | --- |");
        foreach (var g in falsePositives.GroupBy(f => f.Where))
        {
            var d = g.Select(f => f.Diameter).Order().ToList();
            Line(string.Create(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} | {d[d.Count / 2]:F1} |"));
        }

        Console.Error.Write(table.ToString());
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "classification-diagnosis",
            generator = generator.Name,
            seed,
            scans = scans.Count,
            nodules = rows.Count,
            threshold_1fp_3d = Math.Round(t3d, 4),
            threshold_1fp_mean = Math.Round(tMean, 4),
            candidate_miss = rows.Count(r => !r.Candidate),
            below_1fp_3d = rows.Count(r => r.Candidate && !r.Found3d),
            below_1fp_mean = rows.Count(r => r.Candidate && !r.FoundMean),
            sensitivity_1fp_3d = Math.Round(froc3d.SensitivityAt(1), 4),
            sensitivity_1fp_mean = Math.Round(frocMean.SensitivityAt(1), 4),
            groups = byGroup,
            malignancy_auc = auc.ToDictionary(a => a.Key, a => double.IsNaN(a.Value) ? (double?)null : Math.Round(a.Value, 4)), // null where one label is absent
            false_positives_above_1fp_mean = falsePositives.GroupBy(f => f.Where).ToDictionary(g => g.Key, g => g.Count()),
        }));
    }

    private static double Distance(Vector3D a, Vector3D b) =>
        Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)) + ((a.Z - b.Z) * (a.Z - b.Z)));
}
