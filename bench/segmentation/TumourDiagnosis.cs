using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Metrics;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--uterus --diagnose`, tumour part: why tumour Dice is lost, case by case. For each true tumour: its
/// volume, the share of it inside the predicted uterus and inside the cascade's box (does the cascade's uterus feed it?), the peak and
/// mean tumour probability inside it and the peak outside the true uterus (is it the network or the
/// threshold?), the tumour's contrast in the normalised input (its mean against the rest of the uterus,
/// in units of the uterus's spread: can it be told apart at all?), and the tumour Dice of the raw
/// probability over thresholds (no uterus, component or size step) beside the decided one (what the
/// post-processing costs). For each tumour-free case: the peak tumour probability and the largest
/// component over the reported threshold. The summary gives the mean tumour Dice over thresholds with
/// the decision rules on and off, and the false-alarm rate beside it.
/// </summary>
internal static class TumourDiagnosis
{
    public static readonly double[] Grid = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Whether voxel <paramref name="k"/> lies in the cascade's box (slices and square); false without a box.</summary>
    private static bool InBox(TumourCrop? box, int k, int rows, int columns)
    {
        if (box is null)
        {
            return false;
        }

        var plane = rows * columns;
        var s = k / plane;
        var y = (k % plane) / columns;
        var x = k % columns;
        return s >= box.FirstSlice && s <= box.LastSlice && y >= box.Top && y < box.Top + box.Side && x >= box.Left && x < box.Left + box.Side;
    }

    public static Dictionary<string, object> Run(IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results, UterusSettings settings, int seed)
    {
        var tumourRows = new List<(double[] Raw, double[] InTrueUterus, double[] Decided, double Contrast, double Peak, double Inside, double Volume)>();
        var freeRows = new List<bool[]>();
        // The decision's reach (how far from the decided uterus a tumour may lie) at the chosen threshold and floor.
        var reachDice = new List<double[]>();
        var reachFree = new List<bool[]>();
        for (var i = 0; i < cases.Count; i++)
        {
            var mr = cases[i];
            var r = results[i];
            var p = r.TumourProbability;
            var n = p.Length;
            var decided = Grid.Select(t =>
            {
                var (_, tumour) = UterusSegmenter.Decide(r.UterusProbability, p, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { TumourThreshold = t });
                return tumour;
            }).ToArray();
            var byReach = UterusBench.ReachGrid.Select(reach => UterusSegmenter.Decide(r.UterusProbability, p, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { TumourReachMm = reach }).Tumour).ToArray();
            if (!mr.Tumour.Contains(true))
            {
                reachFree.Add(byReach.Select(t => t.Contains(true)).ToArray());
            }
            else
            {
                reachDice.Add(byReach.Select(t => OverlapMetrics.Dice(t, mr.Tumour)).ToArray());
                Console.Error.WriteLine(FormattableString.Invariant($"tumour-diagnose {mr.Id}: decided Dice by reach ({string.Join(' ', UterusBench.ReachGrid)} mm) {string.Join(' ', reachDice[^1].Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}"));
            }

            Console.Error.WriteLine(FormattableString.Invariant($"tumour-diagnose {mr.Id}: pieces at {settings.TumourThreshold}: {Pieces(mr, r, settings)}"));

            if (!mr.Tumour.Contains(true))
            {
                double peakFree = 0;
                for (var k = 0; k < n; k++)
                {
                    if (mr.Uterus[k])
                    {
                        peakFree = Math.Max(peakFree, p[k]);
                    }
                }

                var reported = decided.Select(t => t.Contains(true)).ToArray();
                freeRows.Add(reported);
                Console.Error.WriteLine(FormattableString.Invariant($"tumour-diagnose {mr.Id}: no tumour; peak tumour probability in the uterus {peakFree:F2}; reported at thresholds {string.Join(' ', Grid.Where((_, k) => reported[k]))}"));
                continue;
            }

            double peak = 0, sum = 0, peakOutside = 0;
            long count = 0, inPredicted = 0, inBox = 0;
            double tumourSum = 0, restSum = 0, restSq = 0;
            long restCount = 0;
            var plane = mr.Rows * mr.Columns;
            var input = Normalised(mr);
            for (var k = 0; k < n; k++)
            {
                if (mr.Tumour[k])
                {
                    peak = Math.Max(peak, p[k]);
                    sum += p[k];
                    count++;
                    inPredicted += r.Uterus[k] ? 1 : 0;
                    inBox += InBox(r.TumourBox, k, mr.Rows, mr.Columns) ? 1 : 0;
                    tumourSum += input[k];
                }
                else if (mr.Uterus[k])
                {
                    restSum += input[k];
                    restSq += input[k] * (double)input[k];
                    restCount++;
                }
                else
                {
                    peakOutside = Math.Max(peakOutside, p[k]);
                }
            }

            var restMean = restSum / Math.Max(1, restCount);
            var restSd = Math.Sqrt(Math.Max(1e-12, (restSq / Math.Max(1, restCount)) - (restMean * restMean)));
            var contrast = ((tumourSum / count) - restMean) / restSd;
            var raw = Grid.Select(t => OverlapMetrics.Dice(p.Select(v => v >= t).ToArray(), mr.Tumour)).ToArray();
            var inTrue = Grid.Select(t => OverlapMetrics.Dice(p.Select((v, k) => v >= t && mr.Uterus[k]).ToArray(), mr.Tumour)).ToArray();
            var decidedDice = decided.Select(t => OverlapMetrics.Dice(t, mr.Tumour)).ToArray();
            var volume = count * mr.VoxelVolumeMl;
            var slicesWithTumour = Enumerable.Range(0, mr.Slices).Count(s => mr.Tumour.AsSpan(s * plane, plane).Contains(true));
            tumourRows.Add((raw, inTrue, decidedDice, contrast, peak, inPredicted / (double)count, volume));
            Console.Error.WriteLine(FormattableString.Invariant(
                $"tumour-diagnose {mr.Id}: tumour {volume:F1} mL on {slicesWithTumour} slices, {100.0 * inPredicted / count:F0}% inside the predicted uterus, {(r.TumourBox is null ? "-" : (100.0 * inBox / count).ToString("F0", System.Globalization.CultureInfo.InvariantCulture))}% inside the cascade's box; probability in it peak {peak:F2} mean {sum / count:F2}, peak outside the uterus {peakOutside:F2}; contrast (tumour − rest of uterus)/sd {contrast:+0.00;-0.00}; raw Dice by threshold {string.Join(' ', raw.Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}; decided {string.Join(' ', decidedDice.Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}"));
        }

        double[] R((double Mean, double Low, double High) v) => [Math.Round(v.Mean, 3), Math.Round(v.Low, 3), Math.Round(v.High, 3)];
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["tumour_cases"] = tumourRows.Count,
            ["tumour_volume_ml"] = R(SegmentationEvaluator.MeanWithInterval(tumourRows.Select(t => t.Volume).ToList(), seed)),
            ["tumour_share_inside_predicted_uterus"] = R(SegmentationEvaluator.MeanWithInterval(tumourRows.Select(t => t.Inside).ToList(), seed)),
            ["tumour_peak_probability"] = R(SegmentationEvaluator.MeanWithInterval(tumourRows.Select(t => t.Peak).ToList(), seed)),
            ["tumour_contrast_sd"] = R(SegmentationEvaluator.MeanWithInterval(tumourRows.Select(t => t.Contrast).ToList(), seed)),
            ["tumour_dice_raw_by_threshold"] = Grid.Select((t, k) => new[] { t, Math.Round(tumourRows.Select(x => x.Raw[k]).DefaultIfEmpty().Average(), 3) }).ToList(),
            ["tumour_dice_in_true_uterus_by_threshold"] = Grid.Select((t, k) => new[] { t, Math.Round(tumourRows.Select(x => x.InTrueUterus[k]).DefaultIfEmpty().Average(), 3) }).ToList(),
            ["tumour_dice_decided_by_threshold"] = Grid.Select((t, k) => new[] { t, Math.Round(tumourRows.Select(x => x.Decided[k]).DefaultIfEmpty().Average(), 3) }).ToList(),
            ["tumour_dice_decided_by_reach_mm"] = UterusBench.ReachGrid.Select((reach, k) => new[] { reach, Math.Round(reachDice.Select(x => x[k]).DefaultIfEmpty().Average(), 3) }).ToList(),
            ["tumour_free_reported_by_reach_mm"] = UterusBench.ReachGrid.Select((reach, k) => new[] { reach, Math.Round(reachFree.Select(x => x[k] ? 1.0 : 0.0).DefaultIfEmpty().Average(), 3) }).ToList(),
            ["tumour_free_reported_by_threshold"] = Grid.Select((t, k) => new[] { t, Math.Round(freeRows.Select(x => x[k] ? 1.0 : 0.0).DefaultIfEmpty().Average(), 3) }).ToList(),
        };
    }

    /// <summary>
    /// Every piece of the tumour map at the chosen threshold (largest first, at most six): its volume, the
    /// share of it on the true tumour, where it lies against the decided uterus alone (inside, touching, or
    /// how far beyond in mm, box distance) and its mean probability: which piece the decision would pick and why.
    /// </summary>
    private static string Pieces(LabelledMr mr, UterusResult r, UterusSettings settings)
    {
        var candidates = r.TumourProbability.Select(v => v >= settings.TumourThreshold).ToArray();
        var (labels, sizes) = ConnectedComponents.Label(candidates, mr.Slices, mr.Rows, mr.Columns);
        var (alone, _) = UterusSegmenter.Decide(r.UterusProbability, r.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { TumourThreshold = 2 });
        var (withTumour, _) = UterusSegmenter.Decide(r.UterusProbability, r.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { MinimumTumourMl = 0 });
        var parts = new List<string>();
        foreach (var (size, index) in sizes.Select((size, index) => (size, index)).OrderByDescending(t => t.size).Take(6))
        {
            var label = index + 1;
            long onTruth = 0, inUterus = 0, inOrgan = 0;
            double sum = 0;
            for (var k = 0; k < labels.Length; k++)
            {
                if (labels[k] == label)
                {
                    onTruth += mr.Tumour[k] ? 1 : 0;
                    inUterus += alone[k] ? 1 : 0;
                    inOrgan += withTumour[k] ? 1 : 0;
                    sum += r.TumourProbability[k];
                }
            }

            var reach = UterusBench.ReachGrid.FirstOrDefault(d => UterusSegmenter.Decide(r.UterusProbability, r.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { MinimumTumourMl = 0, TumourReachMm = d == 0 ? 0 : d }) is var (_, t) && ReachedBy(t, labels, label), -1);
            parts.Add(FormattableString.Invariant($"{size * mr.VoxelVolumeMl:F2} mL ({100.0 * onTruth / size:F0}% on the tumour, {100.0 * inUterus / size:F0}% in the uterus alone, {(inOrgan > 0 ? "touching" : "apart")}, picked from reach {(reach < 0 ? "-" : reach.ToString(System.Globalization.CultureInfo.InvariantCulture))}, mean p {sum / size:F2})"));
        }

        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static bool ReachedBy(bool[] tumour, int[] labels, int label)
    {
        for (var k = 0; k < labels.Length; k++)
        {
            if (labels[k] == label)
            {
                return tumour[k];
            }
        }

        return false;
    }

    /// <summary>The network's view of the volume on the source grid: divided by its own 99th percentile and clamped (as <see cref="MrSlices.Prepare"/>, without the resize).</summary>
    private static float[] Normalised(LabelledMr mr)
    {
        var scale = MrSlices.RobustScale(mr.Voxels);
        return mr.Voxels.Select(v => Math.Clamp(v / scale, 0, MrSlices.MaxValue)).ToArray();
    }
}
