namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>
/// Free-response ROC over scans: for each score threshold, the share of nodules hit by a candidate at
/// or above it (a nodule counts once, extra hits on it are ignored, as in LUNA16) and the false
/// positives per scan. CPM is the mean sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 false positives per scan.
/// </summary>
internal sealed record FrocCurve(IReadOnlyList<(double FalsePositivesPerScan, double Sensitivity, double Threshold)> Points, int Nodules, int Scans)
{
    public static IReadOnlyList<double> CpmRates { get; } = [0.125, 0.25, 0.5, 1, 2, 4, 8];

    public double Cpm => CpmRates.Average(SensitivityAt);

    public static FrocCurve Compute(IReadOnlyList<ScanOutcome> scans, Func<NoduleReading, double> score)
    {
        var entries = new List<(double Score, int Scan, int Nodule)>();
        for (var s = 0; s < scans.Count; s++)
        {
            foreach (var reading in scans[s].Readings)
            {
                var nodule = -1;
                for (var n = 0; n < scans[s].Truth.Count; n++)
                {
                    if (scans[s].Truth[n].Contains(reading.Candidate.Centre))
                    {
                        nodule = n;
                        break;
                    }
                }

                entries.Add((score(reading), s, nodule));
            }
        }

        var total = scans.Sum(s => s.Truth.Count);
        var hit = new HashSet<(int, int)>();
        var falsePositives = 0;
        var points = new List<(double, double, double)> { (0, 0, double.PositiveInfinity) };
        foreach (var group in entries.GroupBy(e => e.Score).OrderByDescending(g => g.Key))
        {
            foreach (var e in group)
            {
                if (e.Nodule < 0)
                {
                    falsePositives++;
                }
                else
                {
                    hit.Add((e.Scan, e.Nodule));
                }
            }

            points.Add(((double)falsePositives / Math.Max(1, scans.Count), total == 0 ? 0 : (double)hit.Count / total, group.Key));
        }

        return new FrocCurve(points, total, scans.Count);
    }

    /// <summary>The highest sensitivity with at most <paramref name="rate"/> false positives per scan.</summary>
    public double SensitivityAt(double rate) => Points.Where(p => p.FalsePositivesPerScan <= rate).Max(p => p.Sensitivity);

    /// <summary>The lowest threshold with at most <paramref name="rate"/> false positives per scan.</summary>
    public double ThresholdAt(double rate) => Points.Where(p => p.FalsePositivesPerScan <= rate && !double.IsInfinity(p.Threshold)).Select(p => p.Threshold).DefaultIfEmpty(1).Min();
}
