using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Rules;
using RadCnn.Training.Decisions;
using RadCnn.Training.Metrics;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>
/// The CNN and the rule baseline on the same labelled reports, in one run: AUC and F1 with bootstrap
/// 95% intervals, accuracy per subset with Wilson intervals, calibration (ECE), the share of decisions
/// that flip under realistic word perturbations (typo, synonym, case) for both readers, and the
/// CNN's FGSM flip share in embedding space.
/// </summary>
internal static class ReportEvaluation
{
    public static EvaluationReport Run(ReportModel model, IReadOnlyList<ReportPhantom> reports, string description, double fgsmEpsilon = 0.02, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reports);
        var labels = reports.Select(r => r.Label).ToArray();
        var subsets = reports.Select(r => r.Subset).ToArray();
        var encoded = reports.Select(r => model.Encoder.Encode(r.Text)).ToList();
        var cnn = model.Probabilities(encoded);
        var cnnDecisions = cnn.Select(p => p >= model.Threshold).ToArray();
        var rules = reports.Select(r => NegExBaseline.Read(r.Text)).ToArray();
        var ruleScores = rules.Select(r => r.Score).ToArray();
        var ruleDecisions = rules.Select(r => r.Positive).ToArray();

        // Realistic perturbations: every kind once per report, each drawn with its own seed.
        var kinds = WordPerturber.Kinds;
        var cnnFlips = new Dictionary<string, double>();
        var ruleFlips = new Dictionary<string, double>();
        var cnnAny = new bool[reports.Count];
        var ruleAny = new bool[reports.Count];
        for (var k = 0; k < kinds.Count; k++)
        {
            var edited = reports.Select((r, i) => WordPerturber.Perturb(r.Text, k, (seed * 7919) + (i * 31) + k)).ToList();
            var cnnEdited = model.Probabilities(edited.Select(t => model.Encoder.Encode(t)).ToList());
            var ruleEdited = edited.Select(t => NegExBaseline.Read(t).Positive).ToArray();
            var cnnChanged = 0;
            var ruleChanged = 0;
            for (var i = 0; i < reports.Count; i++)
            {
                if ((cnnEdited[i] >= model.Threshold) != cnnDecisions[i])
                {
                    cnnChanged++;
                    cnnAny[i] = true;
                }

                if (ruleEdited[i] != ruleDecisions[i])
                {
                    ruleChanged++;
                    ruleAny[i] = true;
                }
            }

            cnnFlips[kinds[k]] = Math.Round((double)cnnChanged / reports.Count, 4);
            ruleFlips[kinds[k]] = Math.Round((double)ruleChanged / reports.Count, 4);
        }

        cnnFlips["any"] = Math.Round((double)cnnAny.Count(f => f) / reports.Count, 4);
        ruleFlips["any"] = Math.Round((double)ruleAny.Count(f => f) / reports.Count, 4);
        var fgsm = model.FgsmFlips(encoded, fgsmEpsilon);
        return new EvaluationReport(
            description,
            reports.Count,
            labels.Count(l => l == 1),
            model.Threshold,
            Scores(cnn, cnnDecisions, labels, subsets, seed, withEce: true),
            Scores(ruleScores, ruleDecisions, labels, subsets, seed, withEce: false),
            cnnFlips,
            ruleFlips,
            fgsmEpsilon,
            Math.Round((double)fgsm.Count(f => f) / reports.Count, 4));
    }

    private static ReaderScores Scores(double[] scores, bool[] decisions, int[] labels, string[] subsets, int seed, bool withEce)
    {
        var binary = decisions.Select(d => d ? 1.0 : 0.0).ToArray();
        var confusion = BinaryConfusion.At(binary, labels, 0.5);
        var perSubset = ReportSubsets.All.Where(subsets.Contains).ToDictionary(
            s => s,
            s =>
            {
                var members = Enumerable.Range(0, labels.Length).Where(i => subsets[i] == s).ToList();
                var correct = members.Count(i => decisions[i] == (labels[i] == 1));
                var (low, high) = Wilson(correct, members.Count);
                return new SubsetScore(members.Count, Math.Round((double)correct / members.Count, 4), Math.Round(low, 4), Math.Round(high, 4));
            });
        return new ReaderScores(
            Round(RocAnalysis.BootstrapAuc(scores, labels, 1000, 0.95, seed)),
            Round(BootstrapF1(binary, labels, seed)),
            Math.Round(confusion.Accuracy, 4),
            Math.Round(confusion.Sensitivity, 4),
            Math.Round(confusion.Specificity, 4),
            withEce ? Math.Round(CalibrationError.Expected(scores, labels), 4) : null,
            perSubset);
    }

    private static ConfidenceInterval BootstrapF1(double[] decisions, int[] labels, int seed, int resamples = 1000)
    {
        var estimate = BinaryConfusion.At(decisions, labels, 0.5).F1;
        var random = new Random(seed);
        var values = new double[resamples];
        var d = new double[labels.Length];
        var l = new int[labels.Length];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                var j = random.Next(labels.Length);
                d[i] = decisions[j];
                l[i] = labels[j];
            }

            values[r] = BinaryConfusion.At(d, l, 0.5).F1;
        }

        Array.Sort(values);
        return new ConfidenceInterval(estimate, values[(int)(0.025 * resamples)], values[(int)(0.975 * resamples) - 1], 0.95);
    }

    /// <summary>Wilson score interval at 95% for <paramref name="successes"/> of <paramref name="n"/>.</summary>
    internal static (double Lower, double Upper) Wilson(int successes, int n)
    {
        if (n == 0)
        {
            return (0, 1);
        }

        const double z = 1.959964;
        var p = (double)successes / n;
        var denominator = 1 + (z * z / n);
        var centre = (p + (z * z / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4.0 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static ConfidenceInterval Round(ConfidenceInterval ci) =>
        new(Math.Round(ci.Estimate, 4), Math.Round(ci.Lower, 4), Math.Round(ci.Upper, 4), ci.Level);
}
