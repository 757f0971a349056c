using System.Diagnostics;
using System.Globalization;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// The network's masses with the classical candidates' grown masks added (<see cref="ClassicalMassStage"/>), against the
/// network alone, in one run on the same cases and the same predicted liver: for each candidate score threshold and each
/// rule (all classical components, or only those touching no network mass), mean mass Dice over the cases with masses,
/// sensitivity for masses of 10 mm or more, false positives per case, and the validation mass score that
/// --choose-thresholds maximises (mass Dice, 1 on a clean mass-free case, minus 0.1 per false positive). Per-case lines
/// for the network and for the given setting on stderr; one JSON line on stdout.
/// </summary>
/// <remarks>
/// Usage: bench/segmentation/run --mass-combination [--cases 8] [--seed 501] [--generator portal|alternate]
/// [--classical-score T [--only-new]: that setting alone (the held-out run); else a grid of thresholds (--classical-scores 4,5,6; default
/// 2.5-8) and both rules, or the all-components rule alone with --all-components].
/// </remarks>
internal static class MassCombination
{
    public static async Task<int> RunAsync(LiverCascade networkOnly, IReadOnlyList<LabelledCt> cases, CascadeSettings settings, string data, string[] args)
    {
        string Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : string.Empty;
        var given = Option("--classical-score");
        var grid = Option("--classical-scores");
        var thresholds = given.Length > 0 ? [double.Parse(given, CultureInfo.InvariantCulture)]
            : grid.Length > 0 ? grid.Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray()
            : new[] { 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 8.0 };
        // --all-components: the grid for the shipped rule alone (all classical components added), which halves the grid's
        // evaluations on 512-pixel phantoms.
        var rules = given.Length > 0 ? [args.Contains("--only-new")] : args.Contains("--all-components") ? [false] : new[] { false, true };

        var results = new List<CascadeResult>();
        var candidates = new List<(ClassicalMassStage.View? View, IReadOnlyList<MassBlob> Blobs)>();
        var classicalSeconds = new List<double>();
        foreach (var ct in cases)
        {
            var result = await networkOnly.RunAsync(ct.Hu, CancellationToken.None);
            results.Add(result);
            var clock = Stopwatch.StartNew();
            var view = ClassicalMassStage.Prepare(ct.Hu, result.Liver);
            candidates.Add((view, view is null ? [] : ClassicalMassStage.Candidates(view, settings.ClassicalMassResponse)));
            classicalSeconds.Add(clock.Elapsed.TotalSeconds);
        }

        // --oracle: only the candidates that hit a true mass (the ceiling a perfect classifier on the candidates would reach).
        var oracle = args.Contains("--oracle");
        if (oracle)
        {
            candidates = candidates.Select((v, c) => (v.View, v.View is { } view ? HittingTrueMasses(cases[c], view, v.Blobs) : v.Blobs)).ToList();
        }

        var rows = new List<string>();
        var network = Evaluate(cases, results, c => null, settings);
        rows.Add(Row("network", network));
        Report("network", network, cases);
        if (args.Contains("--oracle-components"))
        {
            // Every decided component that touches no true mass removed: the ceiling of a classifier on the components.
            var kept = Evaluate(cases, results, c => null, settings, keepTrueComponents: true);
            rows.Add(Row("network oracle-components", kept));
            Report("network oracle-components", kept, cases);
        }
        foreach (var threshold in thresholds)
        {
            var masks = cases.Select((ct, c) => candidates[c].View is { } view ? ClassicalMassStage.MaskOnSource(view, candidates[c].Blobs.Where(b => b.Score >= threshold), ct.Hu, results[c].Liver) : new bool[ct.Hu.Count]).ToList();
            foreach (var onlyNew in rules)
            {
                var name = FormattableString.Invariant($"classical>={threshold}{(onlyNew ? " only-new" : " all")}{(oracle ? " oracle" : string.Empty)}");
                var combined = Evaluate(cases, results, c => masks[c], settings with { ClassicalMasses = true, ClassicalMassMinimumScore = threshold, ClassicalMassesOnlyNew = onlyNew });
                rows.Add(Row(name, combined));
                if (args.Contains("--oracle-components"))
                {
                    rows.Add(Row(name + " oracle-components", Evaluate(cases, results, c => masks[c], settings with { ClassicalMasses = true, ClassicalMassMinimumScore = threshold, ClassicalMassesOnlyNew = onlyNew }, keepTrueComponents: true)));
                }
                if (given.Length > 0)
                {
                    Report(name, combined, cases);
                }
            }
        }

        Console.Error.WriteLine(FormattableString.Invariant($"classical candidates: {classicalSeconds.Average():F2} s per case (view and detector; the mask growth is extra)"));
        Console.WriteLine("{" + FormattableString.Invariant($"\"bench\": \"segmentation-mass-combination\", \"data\": \"{data}\", \"cases\": {cases.Count}, \"mass_threshold\": {settings.MassThreshold}, \"minimum_mass_ml\": {settings.MinimumMassMl}, \"classical_seconds_per_case\": {classicalSeconds.Average():F2}, \"rows\": [") + string.Join(", ", rows) + "]}");
        return 0;
    }

    /// <summary>The candidates on the detector's grid that hit a true mass by the candidates' hit rule (<see cref="MassCandidates.HitLabel"/>).</summary>
    private static List<MassBlob> HittingTrueMasses(LabelledCt ct, ClassicalMassStage.View view, IReadOnlyList<MassBlob> blobs)
    {
        var hu = ct.Hu;
        var (labels, _) = ConnectedComponents.Label(ct.Masses, hu.Depth, hu.Height, hu.Width);
        var lesions = MaskMeasures.Lesions(ct.Masses, hu);
        return blobs.Where(b => MassCandidates.HitLabel(
            hu,
            labels,
            lesions,
            (view.Start.Z + (b.Z * view.Hu.SpacingZ)) / hu.SpacingZ,
            (view.Start.Y + (b.Y * view.Hu.SpacingY)) / hu.SpacingY,
            (view.Start.X + (b.X * view.Hu.SpacingX)) / hu.SpacingX) != 0).ToList();
    }

    private static List<CaseMetrics> Evaluate(IReadOnlyList<LabelledCt> cases, IReadOnlyList<CascadeResult> results, Func<int, bool[]?> classical, CascadeSettings settings, bool keepTrueComponents = false) =>
        cases.Select((ct, c) =>
        {
            var masses = LiverCascade.Decide(ct.Hu, results[c].Liver, results[c].MassProbability, settings, classical(c)).Masses;
            return SegmentationEvaluator.Score(ct, results[c].Liver, keepTrueComponents ? TouchingTruth(ct, masses) : masses);
        }).ToList();

    /// <summary>The components of <paramref name="masses"/> that touch a true mass: a perfect false-positive reduction on the decided components.</summary>
    private static bool[] TouchingTruth(LabelledCt ct, bool[] masses)
    {
        var (labels, _) = ConnectedComponents.Label(masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
        var touching = new HashSet<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0 && ct.Masses[i])
            {
                touching.Add(labels[i]);
            }
        }

        return Array.ConvertAll(labels, l => l != 0 && touching.Contains(l));
    }

    /// <summary>One row of a grid: the figures on stderr after <paramref name="prefix"/>, and as a JSON object.</summary>
    internal static string Row(string name, IReadOnlyList<CaseMetrics> scores, string prefix = "combination")
    {
        var withMasses = scores.Where(s => s.MassDice is not null).ToList();
        var massDice = withMasses.Count > 0 ? withMasses.Average(s => s.MassDice!.Value) : double.NaN;
        var found = scores.Sum(s => s.DetectedAtLeast10Mm);
        var total = scores.Sum(s => s.TrueMassesAtLeast10Mm);
        var score = scores.Average(s => (s.MassDice ?? (s.FalsePositives == 0 ? 1.0 : 0.0)) - (0.1 * s.FalsePositives));
        var line = FormattableString.Invariant($"{name}: mass Dice {massDice:F3} ({withMasses.Count} cases with masses) sensitivity>=10mm {(double)found / Math.Max(1, total):F2} ({found}/{total}) all {scores.Sum(s => s.DetectedAll)}/{scores.Sum(s => s.TrueMasses)} FP/case {scores.Average(s => s.FalsePositives):F2} validation score {score:F3} liver Dice {scores.Average(s => s.LiverDice):F4}");
        Console.Error.WriteLine(prefix + " " + line);
        return "{" + FormattableString.Invariant($"\"name\": \"{name}\", \"mass_dice\": {massDice:F3}, \"sensitivity_10mm\": {(double)found / Math.Max(1, total):F3}, \"found_10mm\": {found}, \"masses_10mm\": {total}, \"fp_per_case\": {scores.Average(s => s.FalsePositives):F2}, \"validation_score\": {score:F3}, \"liver_dice\": {scores.Average(s => s.LiverDice):F4}") + "}";
    }

    private static void Report(string name, IReadOnlyList<CaseMetrics> scores, IReadOnlyList<LabelledCt> cases)
    {
        foreach (var (s, c) in scores.Select((s, c) => (s, c)))
        {
            Console.Error.WriteLine(FormattableString.Invariant($"case {name} {cases[c].Id}: mass Dice {s.MassDice?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} >=10 mm {s.DetectedAtLeast10Mm}/{s.TrueMassesAtLeast10Mm} all {s.DetectedAll}/{s.TrueMasses} FP {s.FalsePositives} liver Dice {s.LiverDice:F4}"));
        }
    }
}
