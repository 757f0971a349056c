using System.Diagnostics;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Training.Metrics;

namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>
/// Runs the cascade on labelled CT and scores it: liver Dice, HD95 and volume error, mass Dice on cases
/// with masses, mass detection (a true mass counts as found when a predicted mass overlaps it; a predicted
/// mass overlapping none is a false positive), voxel calibration of the liver (ECE), and bootstrap 95%
/// confidence intervals over cases.
/// </summary>
internal static class SegmentationEvaluator
{
    public static async Task<(CaseMetrics Metrics, CascadeResult Result)> EvaluateAsync(LiverCascade cascade, LabelledCt ct, Func<LabelledCt, CascadeResult, Task<double?>>? probe, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await cascade.RunAsync(ct.Hu, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var agreement = probe is null ? null : await probe(ct, result).ConfigureAwait(false);
        return (Score(ct, result.Liver, result.Masses) with { Seconds = seconds, LiverAgreement = agreement }, result);
    }

    public static CaseMetrics Score(LabelledCt ct, bool[] liver, bool[] masses)
    {
        var trueVolume = MaskMeasures.VolumeMl(ct.Liver, ct.Hu);
        var predictedVolume = MaskMeasures.VolumeMl(liver, ct.Hu);
        var trueLesions = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
        var predictedLesions = ConnectedComponents.Label(masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
        var measures = MaskMeasures.Lesions(ct.Masses, ct.Hu);
        var large = measures.Where(m => m.LongestAxialDiameterMm >= 10).Select(m => m.Label).ToHashSet();
        var found = new HashSet<int>();
        var overlapping = new HashSet<int>();
        for (var i = 0; i < masses.Length; i++)
        {
            if (trueLesions.Labels[i] != 0 && predictedLesions.Labels[i] != 0)
            {
                found.Add(trueLesions.Labels[i]);
                overlapping.Add(predictedLesions.Labels[i]);
            }
        }

        var hasMasses = trueLesions.Sizes.Count > 0;
        return new CaseMetrics(
            ct.Id,
            OverlapMetrics.Dice(liver, ct.Liver),
            SurfaceDistance.Hd95(liver, ct.Liver, ct.Hu),
            trueVolume > 0 ? 100 * (predictedVolume - trueVolume) / trueVolume : double.NaN,
            hasMasses ? OverlapMetrics.Dice(masses, ct.Masses) : null,
            trueLesions.Sizes.Count,
            large.Count,
            large.Count(found.Contains),
            found.Count,
            predictedLesions.Sizes.Count - overlapping.Count);
    }

    /// <summary>
    /// Each mass the cascade reports with the probability the plugin gives it (<see cref="CascadeSettings.ReportedMassProbability"/>),
    /// whether it overlaps a true mass, and which path found it (as result.json's <c>foundBy</c>): the rows of the reported
    /// masses' calibration. <paramref name="reported"/> holds <paramref name="result"/>'s masses with their voxels.
    /// </summary>
    public static IReadOnlyList<(double Probability, bool IsMass, string FoundBy)> ReportedMasses(LabelledCt ct, CascadeResult result, ReportedMassVoxels reported, CascadeSettings settings)
    {
        var onTruth = reported.Whose(voxels => voxels.Any(i => ct.Masses[i])).ToHashSet();
        var candidatesOnly = ClassicalMassProbe.FoundOnlyByCandidates(result, reported).ToHashSet();
        var zoomed = ZoomedMassRule.FoundByZoomedReading(result, reported).ToHashSet();
        return result.Lesions
            .Select(l => (settings.ReportedMassProbability(l, candidatesOnly.Contains(l)), onTruth.Contains(l), LiverResultWriter.FoundBy(candidatesOnly.Contains(l), zoomed.Contains(l))))
            .ToList();
    }

    /// <summary>Expected calibration error of voxel probabilities against a mask, in 10 equal-width bins (voxels with p &lt; 0.01 and no truth are skipped: the empty abdomen would swamp it).</summary>
    public static double ExpectedCalibrationError(IEnumerable<(float[] Probability, bool[] Truth)> cases) =>
        ExpectedCalibrationError(cases.Select(c => (c.Probability, c.Truth, (bool[]?)null)));

    /// <summary>As the other overload, counting only the voxels inside each case's <c>Within</c> mask where one is given (the masses' probabilities inside the predicted liver, which is where the cascade reads them).</summary>
    public static double ExpectedCalibrationError(IEnumerable<(float[] Probability, bool[] Truth, bool[]? Within)> cases)
    {
        var count = new long[10];
        var confidence = new double[10];
        var positives = new double[10];
        long total = 0;
        foreach (var (probability, truth, within) in cases)
        {
            for (var i = 0; i < probability.Length; i++)
            {
                var p = probability[i];
                if ((p < 0.01f && !truth[i]) || within?[i] == false)
                {
                    continue;
                }

                var bin = Math.Min(9, (int)(p * 10));
                count[bin]++;
                confidence[bin] += p;
                positives[bin] += truth[i] ? 1 : 0;
                total++;
            }
        }

        double ece = 0;
        for (var b = 0; b < 10; b++)
        {
            if (count[b] > 0)
            {
                ece += (double)count[b] / total * Math.Abs((confidence[b] / count[b]) - (positives[b] / count[b]));
            }
        }

        return ece;
    }

    /// <summary>Mean and bootstrap 95% interval (1000 resamples of cases, seeded).</summary>
    public static (double Mean, double Low, double High) MeanWithInterval(IReadOnlyList<double> values, int seed)
    {
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

#pragma warning disable CA5394 // seeded bootstrap, not security
        var random = new Random(seed);
        var means = new double[1000];
        for (var r = 0; r < means.Length; r++)
        {
            double sum = 0;
            for (var i = 0; i < values.Count; i++)
            {
                sum += values[random.Next(values.Count)];
            }

            means[r] = sum / values.Count;
        }
#pragma warning restore CA5394

        Array.Sort(means);
        return (values.Average(), means[24], means[974]);
    }
}
