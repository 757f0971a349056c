using System.Globalization;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Metrics;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--uterus --diagnose`: where uterus Dice is lost, case by case. Every wrong voxel of the decided mask
/// falls in one class: missed slices (truth on a slice where nothing was predicted), extra slices
/// (prediction on a slice without truth), boundary (on a shared slice, within two pixels in-plane of the
/// other mask), interior misses and far false positives (blobs, more than two pixels from the truth).
/// Each class's share of the Dice loss is its voxel count over 2TP+FP+FN (the shares add up to 1 − Dice).
/// Beside it: HD95 (mm), volume error, the Dice without the largest-component step, the Dice at the
/// case's own best threshold (what a threshold could buy at most), and the voxel ECE.
/// </summary>
internal static class UterusDiagnosis
{
    public static readonly double[] Grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95];

    /// <summary>In-plane opening radii (pixels) tried before the largest-component step: does cutting thin bridges remove far false positives?</summary>
    public static readonly int[] Openings = [0, 1, 2, 3];

    public static Dictionary<string, object> Run(IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results, UterusSettings settings, int seed)
    {
        var rows = new List<Row>();
        for (var i = 0; i < cases.Count; i++)
        {
            var row = Case(cases[i], results[i], settings);
            rows.Add(row);
            Console.Error.WriteLine(FormattableString.Invariant(
                $"diagnose {row.Id}: Dice {row.Dice:F3} HD95 {row.Hd95:F1} mm volume {row.VolumeError:+0.0;-0.0}% | loss: missed slices {row.MissedSlices:F3} ({row.MissedSliceCount} slices), extra slices {row.ExtraSlices:F3} ({row.ExtraSliceCount}), boundary under {row.BoundaryUnder:F3}, boundary over {row.BoundaryOver:F3}, interior misses {row.InteriorMisses:F3}, far FP {row.FarFalsePositives:F3} | slices truth {row.TruthRange} predicted {row.PredictedRange} | without largest component {row.DiceWithoutLargest:F3} | best threshold {row.BestThreshold} -> {row.BestDice:F3} | ECE {row.Ece:F3}"));
        }

        (double Mean, double Low, double High) Ci(Func<Row, double> f) => SegmentationEvaluator.MeanWithInterval(rows.Select(f).Where(double.IsFinite).ToList(), seed);
        double[] R((double Mean, double Low, double High) v) => [Math.Round(v.Mean, 3), Math.Round(v.Low, 3), Math.Round(v.High, 3)];
        var summary = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["dice"] = R(Ci(r => r.Dice)),
            ["hd95_mm"] = R(Ci(r => r.Hd95)),
            ["volume_error_percent"] = R(Ci(r => r.VolumeError)),
            ["loss_missed_slices"] = R(Ci(r => r.MissedSlices)),
            ["loss_extra_slices"] = R(Ci(r => r.ExtraSlices)),
            ["loss_boundary_under"] = R(Ci(r => r.BoundaryUnder)),
            ["loss_boundary_over"] = R(Ci(r => r.BoundaryOver)),
            ["loss_interior_misses"] = R(Ci(r => r.InteriorMisses)),
            ["loss_far_false_positives"] = R(Ci(r => r.FarFalsePositives)),
            ["dice_without_largest_component"] = R(Ci(r => r.DiceWithoutLargest)),
            ["dice_at_each_case_best_threshold"] = R(Ci(r => r.BestDice)),
            ["dice_by_threshold"] = Grid.Select((t, k) => new[] { t, Math.Round(rows.Average(r => r.DiceByThreshold[k]), 3) }).ToList(),
            ["voxel_ece"] = R(Ci(r => r.Ece)),
            ["dice_by_opening_radius"] = Openings.Select((o, k) => new[] { o, Math.Round(rows.Average(r => r.DiceByOpening[k]), 3) }).ToList(),
        };
        return summary;
    }

    private static Row Case(LabelledMr mr, UterusResult result, UterusSettings settings)
    {
        var plane = mr.Rows * mr.Columns;
        var predicted = result.Uterus;
        var truth = mr.Uterus;
        var predictedNear = DilateInPlane(predicted, mr.Slices, mr.Rows, mr.Columns, 2);
        var truthNear = DilateInPlane(truth, mr.Slices, mr.Rows, mr.Columns, 2);
        var predictedSlices = Enumerable.Range(0, mr.Slices).Select(s => predicted.AsSpan(s * plane, plane).Contains(true)).ToArray();
        var truthSlices = Enumerable.Range(0, mr.Slices).Select(s => truth.AsSpan(s * plane, plane).Contains(true)).ToArray();
        long tp = 0, missed = 0, extra = 0, underBoundary = 0, overBoundary = 0, interior = 0, far = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var s = i / plane;
            if (truth[i] && predicted[i])
            {
                tp++;
            }
            else if (truth[i])
            {
                if (!predictedSlices[s])
                {
                    missed++;
                }
                else if (predictedNear[i])
                {
                    underBoundary++;
                }
                else
                {
                    interior++;
                }
            }
            else if (predicted[i])
            {
                if (!truthSlices[s])
                {
                    extra++;
                }
                else if (truthNear[i])
                {
                    overBoundary++;
                }
                else
                {
                    far++;
                }
            }
        }

        double denominator = Math.Max(1, (2 * tp) + missed + extra + underBoundary + overBoundary + interior + far);
        var grid = new CtVolume(mr.Voxels, mr.Slices, mr.Rows, mr.Columns, mr.Spacing.Z, mr.Spacing.Y, mr.Spacing.X);
        var truthMl = truth.Count(b => b) * mr.VoxelVolumeMl;
        var raw = new bool[truth.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = result.UterusProbability[i] >= settings.UterusThreshold || result.Tumour[i];
        }

        var byThreshold = Grid.Select(t =>
        {
            var (u, _) = UterusSegmenter.Decide(result.UterusProbability, result.TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings with { UterusThreshold = t });
            return OverlapMetrics.Dice(u, truth);
        }).ToArray();
        var best = Array.IndexOf(byThreshold, byThreshold.Max());
        // The decided uterus with the thresholded map opened in-plane (eroded then dilated) before the
        // largest 6-connected piece is kept: a candidate post-processing step against far false positives.
        var byOpening = Openings.Select(o =>
        {
            var mask = result.UterusProbability.Select((p, i) => p >= settings.UterusThreshold || result.Tumour[i]).ToArray();
            if (o > 0)
            {
                var eroded = DilateInPlane(mask.Select(b => !b).ToArray(), mr.Slices, mr.Rows, mr.Columns, o).Select(b => !b).ToArray();
                mask = DilateInPlane(eroded, mr.Slices, mr.Rows, mr.Columns, o).Select((b, i) => b && mask[i]).ToArray();
            }

            return OverlapMetrics.Dice(RadCnn.Plugins.Segmentation.Analysis.ConnectedComponents.Largest(mask, mr.Slices, mr.Rows, mr.Columns), truth);
        }).ToArray();
        return new Row(
            mr.Id,
            OverlapMetrics.Dice(predicted, truth),
            SurfaceDistance.Hd95(predicted, truth, grid),
            truthMl > 0 ? 100 * ((predicted.Count(b => b) * mr.VoxelVolumeMl) - truthMl) / truthMl : double.NaN,
            missed / denominator,
            extra / denominator,
            underBoundary / denominator,
            overBoundary / denominator,
            interior / denominator,
            far / denominator,
            Enumerable.Range(0, mr.Slices).Count(s => truthSlices[s] && !predictedSlices[s]),
            Enumerable.Range(0, mr.Slices).Count(s => predictedSlices[s] && !truthSlices[s]),
            Range(truthSlices),
            Range(predictedSlices),
            OverlapMetrics.Dice(raw, truth),
            Grid[best],
            byThreshold[best],
            byThreshold,
            SegmentationEvaluator.ExpectedCalibrationError([(result.UterusProbability, truth)]),
            byOpening);
    }

    private static string Range(bool[] slices) =>
        Array.IndexOf(slices, true) is var first and >= 0 ? FormattableString.Invariant($"{first}-{Array.LastIndexOf(slices, true)}") : "none";

    /// <summary>The mask grown by <paramref name="radius"/> pixels in-plane (Chebyshev), slice by slice.</summary>
    private static bool[] DilateInPlane(bool[] mask, int slices, int rows, int columns, int radius)
    {
        var output = new bool[mask.Length];
        var plane = rows * columns;
        for (var s = 0; s < slices; s++)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    if (!mask[(s * plane) + (y * columns) + x])
                    {
                        continue;
                    }

                    for (var yy = Math.Max(0, y - radius); yy <= Math.Min(rows - 1, y + radius); yy++)
                    {
                        for (var xx = Math.Max(0, x - radius); xx <= Math.Min(columns - 1, x + radius); xx++)
                        {
                            output[(s * plane) + (yy * columns) + xx] = true;
                        }
                    }
                }
            }
        }

        return output;
    }

    private sealed record Row(
        string Id,
        double Dice,
        double Hd95,
        double VolumeError,
        double MissedSlices,
        double ExtraSlices,
        double BoundaryUnder,
        double BoundaryOver,
        double InteriorMisses,
        double FarFalsePositives,
        int MissedSliceCount,
        int ExtraSliceCount,
        string TruthRange,
        string PredictedRange,
        double DiceWithoutLargest,
        double BestThreshold,
        double BestDice,
        double[] DiceByThreshold,
        double Ece,
        double[] DiceByOpening);
}
