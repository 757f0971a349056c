using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Bench.Segmentation;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.AbdomenCt;

// Usage: RadCnn.Bench.Segmentation MODEL_DIR [--uterus (see UterusBench)] [--cases 10] [--seed 9001] [--generator portal|alternate]
//        [--size 128] [--slices 48] [--data DIR] [--single-stage WEIGHTS] [--probe] [--choose-thresholds] [--diagnose]
//        [--mass-stage fine [--mass-weights W]] [--mass-spacing MM] [--mass-zoom MM [--zoom-threshold T] (see MassZoom)] [--mass-channels 8] [--size-rule] [--mass-contrast (see MassContrast)]
//        [--mass-fit (see MassFit)] [--mass-trace (see MassTrace)] [--widen-mass OUT] [--refine-mass OUT] [--mass-refined] [--mass-candidates [--predicted-liver] (see MassCandidates)]
//        [--mass-combination [--classical-score T [--only-new]] (see MassCombination)] [--no-classical]
var modelDirectory = args[0];
if (args.Contains("--uterus"))
{
    return await RadCnn.Bench.Segmentation.UterusBench.RunAsync(modelDirectory, args);
}

if (args.Contains("--job-memory"))
{
    return await RadCnn.Bench.Segmentation.JobMemory.RunAsync(args);
}

if (args.Contains("--mass-patches"))
{
    return RadCnn.Bench.Segmentation.MassPatchDiagnosis.Run(modelDirectory, args);
}

if (Array.IndexOf(args, "--widen-mass") is var widen and >= 0)
{
    // --widen-mass OUT: the shipped mass network put into the 16-channel U-Net (same logits), as `--from` for segmentation-liver-mass-wide.
    using var narrow = UNetLoader.Load(CascadeSettings.MassStage, Path.Combine(modelDirectory, "liver-mass", "model.bin"));
    using var wide = new UNet3D(CascadeSettings.MassStage.Patch.Depth, 2 * CtSegmentationRecipeBase.BaseChannels);
    UNet3DWidening.Widen(narrow, wide);
    wide.save(args[widen + 1]);
    Console.Error.WriteLine($"widened mass network -> {args[widen + 1]}");
    return 0;
}

if (Array.IndexOf(args, "--refine-mass") is var refine and >= 0)
{
    // --refine-mass OUT: the shipped mass network put into the U-Net with the full-resolution blocks (same logits), as `--from` for segmentation-liver-mass-refined*.
    using var trained = UNetLoader.Load(CascadeSettings.MassStage, Path.Combine(modelDirectory, "liver-mass", "model.bin"));
    using var refined = new UNet3D(CascadeSettings.MassStage.Patch.Depth, CtSegmentationRecipeBase.BaseChannels, refineFullResolution: true);
    UNet3DRefinement.StartFrom(trained, refined);
    refined.save(args[refine + 1]);
    Console.Error.WriteLine($"refined mass network -> {args[refine + 1]}");
    return 0;
}

if (args.Contains("--mass-fit"))
{
    return RadCnn.Bench.Segmentation.MassFit.Run(modelDirectory, args);
}

if (args.Contains("--mass-trace"))
{
    return RadCnn.Bench.Segmentation.MassTrace.Run(modelDirectory, args);
}

if (args.Contains("--mass-contrast"))
{
    return RadCnn.Bench.Segmentation.MassContrast.Run(args);
}

string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
bool Flag(string name) => args.Contains(name);
var count = int.Parse(Option("--cases", "10"), CultureInfo.InvariantCulture);
var seed = int.Parse(Option("--seed", "9001"), CultureInfo.InvariantCulture);
var style = Option("--generator", "portal") == "alternate" ? AbdomenCtStyle.Alternate : AbdomenCtStyle.PortalVenous;
// --noise-scale F: every phantom's noise SD times F (the same anatomy and noise pattern; 1 as trained).
var generator = new AbdomenCtGenerator(style, int.Parse(Option("--size", "128"), CultureInfo.InvariantCulture), int.Parse(Option("--slices", "48"), CultureInfo.InvariantCulture))
{
    NoiseScale = double.Parse(Option("--noise-scale", "1"), CultureInfo.InvariantCulture),
};
var data = Option("--data", string.Empty);
var singleStage = Option("--single-stage", string.Empty);
var settingsPath = Path.Combine(modelDirectory, CascadeSettings.FileName);
var settings = CascadeSettings.Load(settingsPath);
if (Flag("--no-classical"))
{
    // The network's masses alone (plugin 1.4.0's cascade), for timing and figures beside the shipped setting.
    settings = settings with { ClassicalMasses = false };
}

if (Option("--mass-threshold", string.Empty) is { Length: > 0 } massThresholdText)
{
    // Another mass threshold than cascade.json's (a candidate network's own cut).
    settings = settings with { MassThreshold = double.Parse(massThresholdText, CultureInfo.InvariantCulture) };
}

if (Option("--mass-response", string.Empty) is { Length: > 0 } massResponse)
{
    // The classical candidates' edge handling (MedianFill, NormalisedConvolution, WeightedCentre) in place of cascade.json's.
    settings = settings with { ClassicalMassResponse = RadCnn.Plugins.Segmentation.Liver.LiverPipeline.ParseResponse(massResponse) };
}

var clock = Stopwatch.StartNew();
// --first N: the seed's cases N to N + count - 1 (each case depends on the seed and its index alone), so that a run of 512-pixel
// phantoms, about 2 GB per case in memory, can be split into runs that fit.
var first = int.Parse(Option("--first", "0"), CultureInfo.InvariantCulture);
IReadOnlyList<LabelledCt> cases = data.Length > 0 ? LabelledCtFolder.Read(data) : Enumerable.Range(first, count).Select(i => PhantomCases.FromCase(generator.Generate(seed, i))).ToList();
var generateSeconds = clock.Elapsed.TotalSeconds;
using var liverNet = UNetLoader.Load(CascadeSettings.LiverStage, Path.Combine(modelDirectory, "liver", "model.bin"));
// --mass-stage fine: the 2 mm candidate (segmentation-liver-mass-fine) in place of the shipped 2.5 mm mass stage.
var fine = Option("--mass-stage", "shipped") == "fine";
var cascadeMassStage = fine ? CascadeSettings.FineMassStage : CascadeSettings.MassStage;
// --mass-spacing S: the same mass network read on a grid of S mm instead of the one it was trained on (a test-time zoom:
// at 1.25 mm a 12 mm mass spans as many voxels as a 24 mm one at the trained 2.5 mm).
var massSpacing = Option("--mass-spacing", "");
if (massSpacing.Length > 0)
{
    var s = double.Parse(massSpacing, CultureInfo.InvariantCulture);
    cascadeMassStage = cascadeMassStage with { Spacing = (s, s, s) };
}
var massWeights = Option("--mass-weights", Path.Combine(modelDirectory, fine ? "liver-mass-fine" : "liver-mass", "model.bin"));
// --mass-channels N: the mass network's width (a wider candidate; the shipped one has 8). --mass-refined: one with the full-resolution blocks.
var massChannels = int.Parse(Option("--mass-channels", CtSegmentationRecipeBase.BaseChannels.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
using var massNet = singleStage.Length > 0 ? UNetLoader.Load(CascadeSettings.SingleStageMass, singleStage) : UNetLoader.Load(cascadeMassStage, massWeights, massChannels, args.Contains("--mass-refined"));
var massStage = singleStage.Length > 0 ? CascadeSettings.SingleStageMass : cascadeMassStage;
var cascade = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, massStage.Patch), settings, massStage) { SingleStage = singleStage.Length > 0 };

if (Option("--mass-zoom", string.Empty) is { Length: > 0 } zoomText)
{
    // The same mass network read again on a finer grid; its components against the truth and under a grid of the zoomed
    // rule's bounds (see MassZoom). The first reading runs without the zoomed one.
    var zoomSpacing = double.Parse(zoomText, CultureInfo.InvariantCulture);
    var zoomSettings = settings with { ZoomedMassSpacingMm = zoomSpacing, ZoomedMassThreshold = double.Parse(Option("--zoom-threshold", "0.5"), CultureInfo.InvariantCulture) };
    var firstReading = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, massStage.Patch), settings with { ZoomedMassSpacingMm = 0 }, massStage);
    var zoomStage = zoomSettings.ZoomedMassStage;
    var zoomCascade = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, zoomStage.Patch), settings with { ClassicalMasses = false, ZoomedMassSpacingMm = 0 }, zoomStage);
    return await RadCnn.Bench.Segmentation.MassZoom.RunAsync(firstReading, zoomCascade, cases, zoomSettings, FormattableString.Invariant($"{generator.Name} seed {seed}"));
}

if (Flag("--mass-combination"))
{
    // The network's masses with and without the classical candidates added, on the same cases and predicted liver.
    var networkSettings = settings with { ClassicalMasses = false };
    var networkOnly = new LiverCascade(new ModulePatchModel(liverNet, CascadeSettings.LiverStage.Patch), new ModulePatchModel(massNet, massStage.Patch), networkSettings, massStage);
    return await RadCnn.Bench.Segmentation.MassCombination.RunAsync(networkOnly, cases, networkSettings, data.Length > 0 ? data : FormattableString.Invariant($"{generator.Name} seed {seed}"), args);
}

if (Flag("--mass-candidates"))
{
    // Classical mass candidates (no mass network) inside the true liver, or the cascade's liver with --predicted-liver.
    var candidateLivers = new List<bool[]>();
    foreach (var ct in cases)
    {
        candidateLivers.Add(Flag("--predicted-liver") ? (await cascade.RunAsync(ct.Hu, CancellationToken.None)).Liver : ct.Liver);
    }

    return RadCnn.Bench.Segmentation.MassCandidates.Run(cases, candidateLivers, Flag("--predicted-liver") ? "predicted" : "truth", seed, double.Parse(Option("--blobness-power", "1"), CultureInfo.InvariantCulture), double.Parse(Option("--erosion-mm", "4"), CultureInfo.InvariantCulture), settings.ClassicalMassResponse);
}

Func<LabelledCt, CascadeResult, Task<double?>>? probe = null;
if (Flag("--probe"))
{
    var engine = RadCnn.Engine.InferenceEngineFactory.CreateOnCpu();
    var weights = File.ReadAllBytes(Path.Combine(modelDirectory, "liver", "model.bin"));
    var stage = CascadeSettings.LiverStage;
    // Centred on the liver threshold as the plugin's probe is (--probe-at-half: the raw logits, cut at 0.5, as before plugin 1.7.0).
    var cut = Flag("--probe-at-half") ? 0.5 : settings.LiverThreshold;
    var handle = engine.Register(new ModelRegistration("liver", () => new DecisionCentredLogits(UNetLoader.Load(stage, weights), cut), stage.InputShape, ModelOutputKind.SegmentationLogits) { InputRange = (0, 1) });
    var model = new EnginePatchModel(engine, handle, stage, InferencePriority.Routine);
    probe = async (ct, result) =>
    {
        if (result.LiverCenterVoxel is not { } c || result.LiverGrid is not { } grid)
        {
            return null;
        }

        var center = ((int)Math.Round(c.Z * ct.Hu.SpacingZ / stage.Spacing.Z), (int)Math.Round(c.Y * ct.Hu.SpacingY / stage.Spacing.Y), (int)Math.Round(c.X * ct.Hu.SpacingX / stage.Spacing.X));
        var (patch, _) = new SlidingWindow(stage.Patch).PatchAround(grid, center, StageSpec.PadValue);
        return (await model.ProbeAsync(patch, CancellationToken.None)).Agreement;
    };
}

var metrics = new List<CaseMetrics>();
var results = new List<CascadeResult>();
// Each case's reported masses with their voxels, labelled once for the probe and the calibration rows.
var massVoxelsOfCase = new List<ReportedMassVoxels>();
var classicalAgreements = new List<double>();
var stageSeconds = new Dictionary<string, double>(StringComparer.Ordinal);
foreach (var ct in cases)
{
    var (m, result) = await SegmentationEvaluator.EvaluateAsync(cascade, ct, probe, CancellationToken.None);
    metrics.Add(m);
    results.Add(result);
    foreach (var (stage, s) in result.StageSeconds)
    {
        stageSeconds[stage] = stageSeconds.GetValueOrDefault(stage) + s;
    }

    var massVoxels = ReportedMassVoxels.Of(ct.Hu, result);
    massVoxelsOfCase.Add(massVoxels);
    if (probe is not null && ClassicalMassProbe.FoundOnlyByCandidates(result, massVoxels) is { Count: > 0 } candidateMasses)
    {
        // The robustness the plugin reports for masses only the classical candidates found (their contrast attacked at ε 0.02).
        var reports = ClassicalMassProbe.Probe(ct.Hu, result.Liver, massVoxels, candidateMasses, settings.ClassicalMassScoreFor(ct.Hu) ?? settings.ClassicalMassMinimumScore, 0.02, CascadeSettings.MassStage.WindowWidth, settings.ClassicalMassResponse);
        foreach (var (lesion, report) in reports)
        {
            classicalAgreements.Add(report.Agreement);
            Console.Error.WriteLine(FormattableString.Invariant($"{ct.Id}: classical-only mass {lesion.LongestAxialDiameterMm:F0} mm, contrast-attack agreement {report.Agreement:F3}{(report.FlipsAtEpsilon ? " (lost)" : string.Empty)}, smallest flipping eps {report.SmallestFlippingEpsilon?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"}"));
        }
    }

    Console.Error.WriteLine(FormattableString.Invariant($"{m.Id}: liver Dice {m.LiverDice:F3} HD95 {m.LiverHd95Mm:F1} mm volume {m.LiverVolumeErrorPercent:+0.0;-0.0}% mass Dice {m.MassDice?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} masses {m.DetectedAll}/{m.TrueMasses} (>=10 mm {m.DetectedAtLeast10Mm}/{m.TrueMassesAtLeast10Mm}) FP {m.FalsePositives} {m.Seconds:F1} s"));
}

if (Flag("--choose-thresholds"))
{
    // Thresholds maximising mean liver Dice, then mean mass Dice, on these (validation) cases.
    var grid = new[] { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7 };
    var liverThreshold = grid.MaxBy(t => cases.Select((ct, i) => RadCnn.Training.Metrics.OverlapMetrics.Dice(LiverCascade.DecideLiver(ct.Hu, results[i].LiverProbability, settings with { LiverThreshold = t }), ct.Liver)).Average());
    var chosen = settings with { LiverThreshold = liverThreshold };
    var livers = cases.Select((ct, i) => LiverCascade.DecideLiver(ct.Hu, results[i].LiverProbability, chosen)).ToList();
    // Mass threshold and smallest kept mass together: mean mass Dice (1 on a mass-free case without
    // false positives) minus 0.1 per false positive, so specks do not buy Dice with false alarms.
    // The mass grid reaches 0.95: a network that marks vessels and edges faintly needs a higher cut than the liver.
    // With --rule-by-diameter the smallest mass may also be a longest axial diameter (mm) instead of a volume.
    var rulesConsidered = (from v in new[] { 0.03, 0.1, 0.2, 0.4 } select (v, d: 0.0)).Concat(Flag("--rule-by-diameter") ? from d in new[] { 4.0, 5.0, 6.0, 7.0, 8.0 } select (v: 0.0, d) : []).ToList();
    var candidates = (from t in grid.Concat([0.75, 0.8, 0.85, 0.9, 0.95]) from r in rulesConsidered select (t, r.v, r.d)).ToList();
    double MassScore(double threshold, double minimumMl, double minimumMm) => cases.Select((ct, i) =>
    {
        var masses = LiverCascade.Decide(ct.Hu, livers[i], results[i].MassProbability, chosen with { MassThreshold = threshold, MinimumMassMl = minimumMl, MinimumMassDiameterMm = minimumMm }).Masses;
        var score = SegmentationEvaluator.Score(ct, livers[i], masses);
        return (score.MassDice ?? (score.FalsePositives == 0 ? 1.0 : 0.0)) - (0.1 * score.FalsePositives);
    }).Average();
    var (massThreshold, minimumMl, minimumMm) = candidates.MaxBy(c => MassScore(c.t, c.v, c.d));
    var chosenScore = MassScore(massThreshold, minimumMl, minimumMm);
    Console.Error.WriteLine(FormattableString.Invariant($"validation mass score (Dice, 1 on a clean mass-free case, minus 0.1 per false positive): {chosenScore:F3}"));
    chosen = chosen with { MassThreshold = massThreshold, MinimumMassMl = minimumMl, MinimumMassDiameterMm = minimumMm, ChosenOn = data.Length > 0 ? $"validation folder ({cases.Count} cases)" : FormattableString.Invariant($"{cases.Count} validation phantoms ({generator.Name}, seed {seed})") };
    chosen.Save(settingsPath);
    Console.Error.WriteLine(FormattableString.Invariant($"thresholds: liver {liverThreshold}, mass {massThreshold}, smallest mass {minimumMl} mL, {minimumMm} mm -> {settingsPath}"));
}

if (Flag("--diagnose"))
{
    // Where the mass stage loses: each true mass's peak probability (does the network see it at all?),
    // and mass Dice / detection / false positives over thresholds with the predicted liver and with the
    // true liver (is the liver mask cutting masses off?), without and with the smallest-volume filter.
    foreach (var (ct, i) in cases.Select((c, i) => (c, i)))
    {
        var (labels, sizes) = RadCnn.Plugins.Segmentation.Analysis.ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
        var measures = RadCnn.Plugins.Segmentation.Analysis.MaskMeasures.Lesions(ct.Masses, ct.Hu);
        foreach (var m in measures)
        {
            float peak = 0;
            double sum = 0;
            var n = 0;
            var inLiver = 0;
            for (var v = 0; v < labels.Length; v++)
            {
                if (labels[v] == m.Label)
                {
                    peak = Math.Max(peak, results[i].MassProbability[v]);
                    sum += results[i].MassProbability[v];
                    n++;
                    inLiver += results[i].Liver[v] ? 1 : 0;
                }
            }

            Console.Error.WriteLine(FormattableString.Invariant($"diag {ct.Id} mass {m.LongestAxialDiameterMm:F0} mm {m.VolumeMl:F2} mL peak p {peak:F2} mean p {sum / Math.Max(1, n):F2} in predicted liver {100.0 * inLiver / Math.Max(1, n):F0}%"));
        }
    }

    foreach (var trueLiver in new[] { false, true })
    {
        foreach (var minimum in new[] { 0.0, 0.1, 0.4 })
        {
            foreach (var t in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
            {
                var scores = cases.Select((ct, i) =>
                {
                    var liver = trueLiver ? ct.Liver : results[i].Liver;
                    var masses = LiverCascade.Decide(ct.Hu, liver, results[i].MassProbability, settings with { MassThreshold = t, MinimumMassMl = minimum }).Masses;
                    return SegmentationEvaluator.Score(ct, liver, masses);
                }).ToList();
                var withMasses = scores.Where(s => s.MassDice is not null).ToList();
                Console.Error.WriteLine(FormattableString.Invariant($"diag liver {(trueLiver ? "truth" : "predicted")} min {minimum} mL threshold {t}: mass Dice {(withMasses.Count > 0 ? withMasses.Average(s => s.MassDice!.Value) : double.NaN):F3} sensitivity>=10mm {(double)scores.Sum(s => s.DetectedAtLeast10Mm) / Math.Max(1, scores.Sum(s => s.TrueMassesAtLeast10Mm)):F2} all {(double)scores.Sum(s => s.DetectedAll) / Math.Max(1, scores.Sum(s => s.TrueMasses)):F2} FP/case {scores.Average(s => s.FalsePositives):F2}"));
            }
        }
    }
}

if (Flag("--size-rule"))
{
    // The smallest-mass rule by volume against one by longest axial diameter, over mass thresholds, with the
    // predicted liver: mass Dice, sensitivity for masses >= 10 mm (longest axial diameter on the truth mask, and
    // by volume >= 0.52 mL, a 10 mm sphere) and false positives per case. The rule is chosen on validation phantoms.
    var rules = new List<(string Name, double Ml, double Mm)> { ("none", 0, 0) };
    rules.AddRange(new[] { 0.1, 0.2, 0.4 }.Select(v => (FormattableString.Invariant($">= {v} mL"), v, 0.0)));
    rules.AddRange(new[] { 4.0, 5.0, 6.0, 7.0, 8.0, 10.0 }.Select(d => (FormattableString.Invariant($">= {d} mm"), 0.0, d)));
    foreach (var t in new[] { 0.5, 0.6, 0.7, 0.8, 0.9 })
    {
        foreach (var (name, ml, mm) in rules)
        {
            var scores = cases.Select((ct, i) =>
            {
                var masses = LiverCascade.Decide(ct.Hu, results[i].Liver, results[i].MassProbability, settings with { MassThreshold = t, MinimumMassMl = ml, MinimumMassDiameterMm = mm }).Masses;
                return (Score: SegmentationEvaluator.Score(ct, results[i].Liver, masses), ByVolume: DetectedByVolume(ct, masses));
            }).ToList();
            var withMasses = scores.Where(s => s.Score.MassDice is not null).ToList();
            var sensitivity = (double)scores.Sum(s => s.Score.DetectedAtLeast10Mm) / Math.Max(1, scores.Sum(s => s.Score.TrueMassesAtLeast10Mm));
            var byVolume = (double)scores.Sum(s => s.ByVolume.Found) / Math.Max(1, scores.Sum(s => s.ByVolume.Total));
            Console.Error.WriteLine(FormattableString.Invariant($"size-rule threshold {t} {name}: mass Dice {(withMasses.Count > 0 ? withMasses.Average(s => s.Score.MassDice!.Value) : double.NaN):F3} sensitivity>=10mm {sensitivity:F2} ({scores.Sum(s => s.Score.DetectedAtLeast10Mm)}/{scores.Sum(s => s.Score.TrueMassesAtLeast10Mm)}) by volume>=0.52mL {byVolume:F2} ({scores.Sum(s => s.ByVolume.Found)}/{scores.Sum(s => s.ByVolume.Total)}) FP/case {scores.Average(s => s.Score.FalsePositives):F2}"));
        }
    }
}

var summary = EvaluationSummary.Of(metrics, SegmentationEvaluator.ExpectedCalibrationError(cases.Select((ct, i) => (results[i].LiverProbability, ct.Liver))), seed);
// The masses' calibration: every reported mass's probability (as the plugin reports it) against whether it is a true mass,
// and the mass probabilities voxel by voxel inside the predicted liver.
var reportedMasses = cases.SelectMany((ct, i) => SegmentationEvaluator.ReportedMasses(ct, results[i], massVoxelsOfCase[i], settings)).ToList();
var reportedMassCalibration = ReportedCalibration.Of([.. reportedMasses.Select(r => (r.Probability, r.IsMass))]);
var massVoxelEce = SegmentationEvaluator.ExpectedCalibrationError(cases.Select((ct, i) => (results[i].MassProbability, ct.Masses, (bool[]?)results[i].Liver)));
double? MeanOf(bool isMass) => reportedMasses.Where(r => r.IsMass == isMass).Select(r => r.Probability).DefaultIfEmpty(double.NaN).Average() is var m && double.IsFinite(m) ? Math.Round(m, 3) : null;
var total = stageSeconds.Values.Sum();
var json = JsonSerializer.Serialize(new
{
    bench = "segmentation",
    data = data.Length > 0 ? data : $"{generator.Name} seed {seed} ({generator.Size}x{generator.Size}x{generator.Slices}{(generator.NoiseScale == 1 ? string.Empty : FormattableString.Invariant($", noise x{generator.NoiseScale}"))})",
    cascade = singleStage.Length == 0 ? "cascade" : "single-stage",
    cases = summary.Cases,
    liver_dice = Round(summary.LiverDice),
    liver_hd95_mm = Round(summary.LiverHd95Mm),
    liver_abs_volume_error_percent = Round(summary.LiverAbsoluteVolumeErrorPercent),
    mass_dice = Round(summary.MassDice),
    cases_with_masses = summary.CasesWithMasses,
    mass_sensitivity_10mm = Math.Round(summary.SensitivityAtLeast10Mm, 3),
    mass_sensitivity_all = Math.Round(summary.SensitivityAll, 3),
    false_positives_per_case = Math.Round(summary.FalsePositivesPerCase, 2),
    liver_voxel_ece = Math.Round(summary.LiverEce, 4),
    mass_voxel_ece_in_liver = Math.Round(massVoxelEce, 4),
    reported_masses = reportedMasses.Count,
    reported_masses_true = reportedMasses.Count(r => r.IsMass),
    reported_mass_ece = reportedMassCalibration.Ece,
    reported_mass_brier = reportedMassCalibration.Brier,
    reported_mass_mean_probability_true = MeanOf(true),
    reported_mass_mean_probability_false = MeanOf(false),
    reported_masses_by_path = reportedMasses.GroupBy(r => r.FoundBy).ToDictionary(g => g.Key, g => new { masses = g.Count(), true_masses = g.Count(r => r.IsMass), mean_probability = Math.Round(g.Average(r => r.Probability), 3) }),
    liver_fgsm_agreement = summary.MeanLiverFgsmAgreement is { } a ? Math.Round(a, 3) : (double?)null,
    classical_only_masses_probed = classicalAgreements.Count,
    classical_only_mass_agreement = classicalAgreements.Count > 0 ? Math.Round(classicalAgreements.Average(), 3) : (double?)null,
    classical_only_masses_lost = classicalAgreements.Count(x => x < ClassicalMassProbe.FlipAgreement),
    seconds_per_case = Math.Round(summary.SecondsPerCase, 2),
    stage_share = stageSeconds.ToDictionary(s => s.Key, s => Math.Round(s.Value / Math.Max(total, 1e-9), 3)),
    stage_seconds_per_case = stageSeconds.ToDictionary(s => s.Key, s => Math.Round(s.Value / Math.Max(1, cases.Count), 2)),
    generate_seconds = Math.Round(generateSeconds, 1),
    peak_rss_mb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024),
    threads = TorchSharp.torch.get_num_threads(),
    thresholds = new { liver = settings.LiverThreshold, mass = settings.MassThreshold, minimum_mass_ml = settings.MinimumMassMl, minimum_mass_mm = settings.MinimumMassDiameterMm, classical_masses = settings.ClassicalMasses, classical_minimum_score = settings.ClassicalMassMinimumScore, classical_only_new = settings.ClassicalMassesOnlyNew, classical_response = settings.ClassicalMassResponse.ToString(), classical_score_bands = settings.ClassicalMassScoreBands.Select(b => new { from_spacing_mm = b.FromSpacingMm, minimum_score = b.MinimumScore }).ToArray(), zoomed_mass_spacing_mm = settings.ZoomedMassSpacingMm, zoomed_mass_maximum_source_spacing_mm = settings.ZoomedMassMaximumSourceSpacingMm, zoomed_mass_threshold = settings.ZoomedMassThreshold, zoomed_mass_maximum_contrast = settings.ZoomedMassMaximumContrast, zoomed_mass_minimum_fill = settings.ZoomedMassMinimumFill },
    mass_stage = singleStage.Length > 0 ? "single-stage" : FormattableString.Invariant($"{massStage.Name} at {massStage.Spacing.Z} mm"),
});
Console.WriteLine(json);
return 0;

// True masses of at least 0.52 mL (a 10 mm sphere) and how many of them a predicted mass overlaps.
static (int Total, int Found) DetectedByVolume(LabelledCt ct, bool[] masses)
{
    var (labels, sizes) = RadCnn.Plugins.Segmentation.Analysis.ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
    var large = Enumerable.Range(1, sizes.Count).Where(c => sizes[c - 1] * ct.Hu.VoxelVolumeMl >= 0.52).ToHashSet();
    var found = new HashSet<int>();
    for (var i = 0; i < masses.Length; i++)
    {
        if (masses[i] && large.Contains(labels[i]))
        {
            found.Add(labels[i]);
        }
    }

    return (large.Count, found.Count);
}

static double[] Round((double Mean, double Low, double High) v) => [Math.Round(v.Mean, 3), Math.Round(v.Low, 3), Math.Round(v.High, 3)];
