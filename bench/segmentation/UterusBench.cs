using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Inference;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `bench/segmentation/run --uterus ...`: the uterus model on held-out pelvic MR phantoms (or a labelled
/// MR folder): uterus Dice and volume error, tumour Dice on tumour cases, tumour-free cases without a
/// reported tumour, depth-of-invasion error, the uterus and tumour Dice change under gain ×0.5 and ×2
/// and a doubled bias field (--robustness), FGSM agreement per segment through the engine (--probe; --probe-check compares the
/// probe's attack with the trainer's adversarial examples on the probed slice, see UterusProbeCheck), seconds per case and
/// peak memory; --choose-thresholds writes model/uterus.json from these (validation) cases.
/// </summary>
internal static class UterusBench
{
    public static async Task<int> RunAsync(string modelDirectory, string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        bool Flag(string name) => args.Contains(name);
        var count = int.Parse(Option("--cases", "10"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed", "9001"), CultureInfo.InvariantCulture);
        var style = Option("--generator", "t2") == "alternate" ? PelvisMrStyle.Alternate : PelvisMrStyle.T2;
        var generator = new PelvisMrGenerator(style, int.Parse(Option("--size", "128"), CultureInfo.InvariantCulture), int.Parse(Option("--slices", "24"), CultureInfo.InvariantCulture));
        var data = Option("--data", string.Empty);
        var settingsPath = Path.Combine(modelDirectory, UterusSettings.FileName);
        var settings = UterusSettings.Load(settingsPath);
        var weightsPath = Option("--weights", Path.Combine(modelDirectory, "uterus", "model.bin"));
        var defaultTumour = Path.Combine(modelDirectory, "uterus-tumour", "model.bin");
        var tumourPath = Option("--tumour-weights", File.Exists(defaultTumour) ? defaultTumour : string.Empty);
        tumourPath = tumourPath == "none" ? string.Empty : tumourPath;
        var planes = int.Parse(Option("--planes", settings.Planes.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        settings = settings with
        {
            Planes = planes,
            TumourCropSize = int.Parse(Option("--tumour-crop", settings.TumourCropSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            // --tumour-channels N: the tumour network's width when uterus.json does not give it (a wider candidate).
            TumourBaseChannels = int.Parse(Option("--tumour-channels", settings.TumourBaseChannels.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        };
        var cascade = settings.TumourCropSize > 0 && tumourPath.Length > 0;

        var clock = Stopwatch.StartNew();
        IReadOnlyList<LabelledMr> cases = data.Length > 0 ? LabelledMrFolder.Read(data) : Enumerable.Range(0, count).Select(i => PelvisCases.FromCase(generator.Generate(seed, i))).ToList();
        var generateSeconds = clock.Elapsed.TotalSeconds;
        using var net = UNet2DLoader.Load(planes, weightsPath);
        using var tumourNet = tumourPath.Length > 0 ? UNet2DLoader.Load(planes, tumourPath, cascade ? settings.TumourBaseChannels : UterusRecipeBase.BaseChannels) : null;
        if (Flag("--tumour-trace"))
        {
            // The cascade recipe's training samples of these phantoms and the tumour network on them (see TumourTrace).
            // --trace-recipe fit-lower-cervix: the lower-cervix capacity probe's own samples (its 192 phantoms filtered) instead.
            TumourTrace.Run(tumourNet!, count, seed, n => Option("--trace-recipe", string.Empty) == "fit-lower-cervix" ? new UterusTumourCascadeFitLowerCervixRecipe() : new TracedTumourCascadeRecipe(n), Option("--dump-maps", string.Empty));
            return 0;
        }

        if (Flag("--tumour-fit"))
        {
            // The tumour network alone on the box around each true uterus (see TumourFit): what it fits.
            if (!cascade)
            {
                Console.Error.WriteLine("--tumour-fit needs a cascade tumour network (--tumour-crop N or tumourCropSize in uterus.json)");
                return 2;
            }

            // Each tumour's kind with how it was drawn (depth of the wall it reaches, its half angle around the
            // canal or cavity, its half length along the organ): a shallow, narrow tumour is mostly the lumen it fills.
            var kinds = data.Length > 0 ? new Dictionary<string, string>() : Enumerable.Range(0, count).Select(i => generator.Generate(seed, i)).ToDictionary(c => c.Id, c => c.Tumour is { } t ? FormattableString.Invariant($"{t.Kind.ToString().ToLowerInvariant()} (depth {t.DrawnDepth:F2}, half angle {t.HalfAngle * 180 / Math.PI:F0} deg, half length {t.HalfLengthT:F2}, centre at {t.CentreT:F2} of the os-fundus line)") : "none");
            var fit = TumourFit.Run(cases, new ModuleTumourCropModel(tumourNet!, settings.TumourCropSize), planes, Option("--split-of", string.Empty), seed, generator.Name, kinds, Option("--dump-maps", string.Empty));
            Console.WriteLine(JsonSerializer.Serialize(new { bench = "segmentation-uterus-tumour-fit", data = $"{generator.Name} seed {seed}", tumour_weights = tumourPath, crop = settings.TumourCropSize, base_channels = settings.TumourBaseChannels, split_of = Option("--split-of", string.Empty), by_set = fit }));
            return 0;
        }

        // --engine: the plugin's own path (the shared engine batching the slices, then one FGSM probe per
        // segment), timed per case; without it the networks are called directly, slice by slice.
        using var engine = Flag("--engine") ? CreateEngine(weightsPath, tumourPath, settings, Flag("--probe-at-half")) : null;
        ISliceModel sliceModel = engine is not null ? engine.Model : new ModuleSliceModel(net, cascade ? null : tumourNet);
        // --tumour-crop N (or tumourCropSize in uterus.json): the tumour network is the cascade's second
        // stage, run on the box around the predicted uterus at N×N.
        ITumourCropModel? cropModel = !cascade ? null : engine?.CropModel is { } engineCrop ? engineCrop : new ModuleTumourCropModel(tumourNet!, settings.TumourCropSize);
        // --tumour-ensemble W[,W...]: more cascade tumour networks, their maps averaged with the first's.
        var ensemble = Option("--tumour-ensemble", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => UNet2DLoader.Load(planes, w)).ToList();
        if (cropModel is not null && ensemble.Count > 0)
        {
            cropModel = new AveragingTumourCropModel([cropModel, .. ensemble.Select(n => (ITumourCropModel)new ModuleTumourCropModel(n, settings.TumourCropSize))]);
        }

        var segmenter = new UterusSegmenter(Flag("--flip") ? new FlipAveragingSliceModel(sliceModel) : sliceModel, settings, cropModel);

        var metrics = new List<UterusCaseMetrics>();
        var results = new List<UterusResult>();
        var probeSeconds = new List<double>();
        // Processor time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var mr in cases)
        {
            var (m, result) = await UterusEvaluator.EvaluateAsync(segmenter, mr, CancellationToken.None);
            if (engine is not null)
            {
                var probeClock = Stopwatch.StartNew();
                await ProbeCaseAsync(engine, settings, mr, result);
                probeSeconds.Add(probeClock.Elapsed.TotalSeconds);
                m = m with { Seconds = m.Seconds + probeClock.Elapsed.TotalSeconds };
            }

            metrics.Add(m);
            results.Add(result);
            Console.Error.WriteLine(FormattableString.Invariant($"{m.Id}: uterus Dice {m.UterusDice:F3} volume {m.UterusVolumeErrorPercent:+0.0;-0.0}% tumour {(m.TruthHasTumour ? "yes" : "no")}/{(m.ReportedTumour ? "reported" : "none")} Dice {m.TumourDice?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} invasion {m.TruthInvasion?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}/{m.ReportedInvasion?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} {m.Seconds:F2} s"));
        }

        if (Flag("--probe-check"))
        {
            // Whether the trainer's FGSM examples attack what the engine's probe measures (see UterusProbeCheck).
            using var checkEngine = engine is null ? CreateEngine(weightsPath, tumourPath, settings, Flag("--probe-at-half")) : null;
            var probing = (engine ?? checkEngine)!;
            var checks = await UterusProbeCheck.RunAsync(net, cases, results, settings, 0.02, p => probing.Model.ProbeAsync(p, 0, CancellationToken.None));
            Console.WriteLine(JsonSerializer.Serialize(new { bench = "segmentation-uterus-probe-check", data = $"{generator.Name} seed {seed}", weights = weightsPath, epsilon = 0.02, uterus_threshold = settings.UterusThreshold, check = UterusProbeCheck.Summarise(checks, seed) }));
            return 0;
        }

        var cpuSecondsPerCase = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / Math.Max(1, cases.Count);
        if (Flag("--choose-thresholds"))
        {
            settings = ChooseThresholds(cases, results, settings, Flag("--keep-uterus-threshold"), data.Length > 0 ? $"validation folder ({cases.Count} cases)" : FormattableString.Invariant($"{cases.Count} validation phantoms ({generator.Name}, seed {seed})"));
            settings.Save(settingsPath);
            Console.Error.WriteLine(FormattableString.Invariant($"thresholds: uterus {settings.UterusThreshold}, tumour {settings.TumourThreshold}, smallest tumour {settings.MinimumTumourMl} mL, reach {settings.TumourReachMm} mm -> {settingsPath}"));
            metrics = cases.Select((mr, i) =>
            {
                var (u, t) = UterusSegmenter.Decide(results[i].UterusProbability, results[i].TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings);
                return UterusEvaluator.Score(mr, u, t) with { Seconds = metrics[i].Seconds };
            }).ToList();
        }

        var diagnosis = Flag("--diagnose") ? UterusDiagnosis.Run(cases, results, settings, seed) : null;
        var tumourDiagnosis = Flag("--diagnose") ? TumourDiagnosis.Run(cases, results, settings, seed) : null;
        if (Flag("--diagnose") && data.Length == 0)
        {
            // What each phantom is (orientation, grid, uterine volume, tumour), to see which kinds of case lose Dice.
            for (var i = 0; i < cases.Count; i++)
            {
                var drawn = generator.Generate(seed, i);
                Console.Error.WriteLine(FormattableString.Invariant($"case {cases[i].Id}: {(drawn.Grid.IsSagittal ? "sagittal" : "axial")} pixel {drawn.Grid.PixelSpacing:F2} mm slices {drawn.Grid.SliceSpacing:F1} mm uterus {cases[i].Uterus.Count(b => b) * cases[i].VoxelVolumeMl:F0} mL tumour {drawn.Tumour?.Kind.ToString() ?? "none"} Dice {metrics[i].UterusDice:F3}"));
            }
        }

        // Robustness to what MRI varies: the same phantoms rendered with the gain halved and doubled, and with the bias field twice as strong.
        // The tumour under the same variations: the change of tumour Dice on the cases with a tumour, and how
        // many tumour-free cases still have none reported (the tumour network reads the same normalised volume).
        Dictionary<string, double[]>? robustness = null;
        Dictionary<string, object>? tumourRobustness = null;
        if (Flag("--robustness") && data.Length == 0)
        {
            robustness = new Dictionary<string, double[]>(StringComparer.Ordinal);
            tumourRobustness = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, variation) in new[] { ("gain_x0.5", new PelvisMrVariation(IntensityFactor: 0.5)), ("gain_x2", new PelvisMrVariation(IntensityFactor: 2)), ("bias_x2", new PelvisMrVariation(BiasFactor: 2)) })
            {
                var changes = new List<double>();
                var tumourChanges = new List<double>();
                var clean = 0;
                for (var i = 0; i < cases.Count; i++)
                {
                    var varied = PelvisCases.FromCase(generator.Generate(seed, i, variation));
                    var (m, _) = await UterusEvaluator.EvaluateAsync(segmenter, varied, CancellationToken.None);
                    changes.Add(m.UterusDice - metrics[i].UterusDice);
                    if (m.TruthHasTumour)
                    {
                        tumourChanges.Add(m.TumourDice!.Value - metrics[i].TumourDice!.Value);
                    }
                    else
                    {
                        clean += m.ReportedTumour ? 0 : 1;
                    }
                }

                var absolute = SegmentationEvaluator.MeanWithInterval(changes.Select(Math.Abs).ToList(), seed);
                robustness[name] = [Math.Round(changes.Average(), 4), Math.Round(absolute.Mean, 4), Math.Round(absolute.High, 4), Math.Round(changes.Select(Math.Abs).Max(), 4)];
                Console.Error.WriteLine(FormattableString.Invariant($"{name}: mean uterus Dice change {changes.Average():+0.0000;-0.0000}, mean |change| {absolute.Mean:F4} (95% CI up to {absolute.High:F4}), largest |change| {changes.Select(Math.Abs).Max():F4}"));
                if (tumourChanges.Count > 0)
                {
                    var tumourAbsolute = SegmentationEvaluator.MeanWithInterval(tumourChanges.Select(Math.Abs).ToList(), seed);
                    var free = cases.Count - tumourChanges.Count;
                    tumourRobustness[name] = new { mean_change = Math.Round(tumourChanges.Average(), 4), mean_abs_change = Math.Round(tumourAbsolute.Mean, 4), ci_high = Math.Round(tumourAbsolute.High, 4), largest_abs_change = Math.Round(tumourChanges.Select(Math.Abs).Max(), 4), tumour_free_clean = clean, tumour_free = free };
                    Console.Error.WriteLine(FormattableString.Invariant($"{name}: mean tumour Dice change {tumourChanges.Average():+0.0000;-0.0000} on {tumourChanges.Count} tumour cases, mean |change| {tumourAbsolute.Mean:F4} (95% CI up to {tumourAbsolute.High:F4}), largest |change| {tumourChanges.Select(Math.Abs).Max():F4}; tumour-free clean {clean} of {free}"));
                }
            }
        }

        List<double>? uterusAgreement = null;
        List<double>? tumourAgreement = null;
        if (Flag("--probe"))
        {
            using var probeEngine = engine is null ? CreateEngine(weightsPath, tumourPath, settings, Flag("--probe-at-half")) : null;
            (uterusAgreement, tumourAgreement) = await ProbeAsync((engine ?? probeEngine)!, settings, cases, results);
        }

        // The tumours' calibration: each reported tumour's probability (its mean tumour probability, as the plugin reports it)
        // against whether it touches the true tumour, and the tumour probabilities voxel by voxel inside the decided uterus.
        var decided = cases.Select((mr, i) => UterusSegmenter.Decide(results[i].UterusProbability, results[i].TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, settings)).ToList();
        var reportedTumours = cases
            .Select((mr, i) => (Piece: decided[i].Tumour, Probability: results[i].TumourProbability, Truth: mr.Tumour))
            .Where(c => c.Piece.Contains(true))
            .Select(c => (Probability: Enumerable.Range(0, c.Piece.Length).Where(v => c.Piece[v]).Average(v => (double)c.Probability[v]), IsTumour: Enumerable.Range(0, c.Piece.Length).Any(v => c.Piece[v] && c.Truth[v])))
            .ToList();
        var reportedTumourCalibration = ReportedCalibration.Of([.. reportedTumours.Select(r => (r.Probability, r.IsTumour))]);
        var tumourVoxelEce = SegmentationEvaluator.ExpectedCalibrationError(cases.Select((mr, i) => (results[i].TumourProbability, mr.Tumour, (bool[]?)decided[i].Uterus)));
        var withTumour = metrics.Where(m => m.TruthHasTumour).ToList();
        var withoutTumour = metrics.Where(m => !m.TruthHasTumour).ToList();
        var invasion = metrics.Where(m => m.TruthInvasion is not null && m.ReportedInvasion is not null).Select(m => Math.Abs(m.TruthInvasion!.Value - m.ReportedInvasion!.Value)).ToList();
        // With --engine: the bare networks at the engine's batch (8 slices at 128², 8 tumour boxes) in the channels-last
        // layout the plugin infers in and in the default layout beside it (alternating, same process).
        JsonObject? layouts = null;
        if (engine is not null)
        {
            net.eval();
            var slices = TorchSharp.torch.rand(UterusPipeline.MaxBatchSize, planes, MrSlices.Size, MrSlices.Size);
            layouts = new JsonObject { ["uterus_batch_of_8_slices"] = LayoutTiming.Compare(on => net.UseChannelsLast = on, () => net.call(slices), 20) };
            if (tumourNet is not null && cascade)
            {
                tumourNet.eval();
                var boxes = TorchSharp.torch.rand(UterusPipeline.MaxBatchSize, planes, settings.TumourCropSize, settings.TumourCropSize);
                layouts["tumour_batch_of_8_boxes"] = LayoutTiming.Compare(on => tumourNet.UseChannelsLast = on, () => tumourNet.call(boxes), 20);
            }
        }

        var json = JsonSerializer.Serialize(new
        {
            bench = "segmentation-uterus",
            data = data.Length > 0 ? data : $"{generator.Name} seed {seed} ({generator.Size}x{generator.Size}x{generator.Slices})",
            weights = Path.GetFileName(Path.GetDirectoryName(weightsPath)),
            tumour_weights = tumourPath.Length > 0 ? Path.GetFileName(Path.GetDirectoryName(tumourPath)) : "(uterus network)",
            tumour_ensemble = ensemble.Count > 0 ? Option("--tumour-ensemble", string.Empty) : null,
            tumour_crop = settings.TumourCropSize,
            tumour_base_channels = settings.TumourBaseChannels,
            planes,
            cases = metrics.Count,
            uterus_dice = Round(SegmentationEvaluator.MeanWithInterval(metrics.Select(m => m.UterusDice).ToList(), seed)),
            uterus_voxel_ece = Math.Round(SegmentationEvaluator.ExpectedCalibrationError(cases.Select((mr, i) => (results[i].UterusProbability, mr.Uterus))), 4),
            uterus_abs_volume_error_percent = Round(SegmentationEvaluator.MeanWithInterval(metrics.Select(m => Math.Abs(m.UterusVolumeErrorPercent)).Where(double.IsFinite).ToList(), seed)),
            tumour_dice = Round(SegmentationEvaluator.MeanWithInterval(withTumour.Select(m => m.TumourDice!.Value).ToList(), seed)),
            cases_with_tumour = withTumour.Count,
            tumour_detected = withTumour.Count(m => m.ReportedTumour),
            tumour_free_without_report = Round(SegmentationEvaluator.MeanWithInterval(withoutTumour.Select(m => m.ReportedTumour ? 0.0 : 1.0).ToList(), seed)),
            cases_without_tumour = withoutTumour.Count,
            reported_tumours = reportedTumours.Count,
            reported_tumours_true = reportedTumours.Count(r => r.IsTumour),
            reported_tumour_mean_probability = reportedTumours.Count > 0 ? Math.Round(reportedTumours.Average(r => r.Probability), 3) : (double?)null,
            reported_tumour_ece = reportedTumourCalibration.Ece,
            reported_tumour_brier = reportedTumourCalibration.Brier,
            tumour_voxel_ece_in_uterus = Math.Round(tumourVoxelEce, 4),
            invasion_abs_error = Round(SegmentationEvaluator.MeanWithInterval(invasion, seed)),
            robustness_uterus_dice_change = robustness,
            robustness_tumour = tumourRobustness,
            diagnosis,
            tumour_diagnosis = tumourDiagnosis,
            flip_averaging = Flag("--flip"),
            fgsm_uterus_agreement = uterusAgreement is { Count: > 0 } ? Round(SegmentationEvaluator.MeanWithInterval(uterusAgreement, seed)) : null,
            fgsm_tumour_agreement = tumourAgreement is { Count: > 0 } ? Round(SegmentationEvaluator.MeanWithInterval(tumourAgreement, seed)) : null,
            path = engine is not null ? "engine (batched slices) + FGSM probe per segment" : "networks called directly",
            seconds_per_case = Math.Round(metrics.Average(m => m.Seconds), 2),
            seconds_per_case_max = Math.Round(metrics.Max(m => m.Seconds), 2),
            probe_seconds_per_case = probeSeconds.Count > 0 ? Math.Round(probeSeconds.Average(), 2) : (double?)null,
            cpu_seconds_per_case = Math.Round(cpuSecondsPerCase, 2),
            bare_network_layouts = layouts,
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
            generate_seconds = Math.Round(generateSeconds, 1),
            peak_rss_mb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024),
            threads = TorchSharp.torch.get_num_threads(),
            thresholds = new { uterus = settings.UterusThreshold, tumour = settings.TumourThreshold, minimum_tumour_ml = settings.MinimumTumourMl, tumour_reach_mm = settings.TumourReachMm, confident_tumour_probability = settings.ConfidentTumourProbability, confident_minimum_tumour_ml = settings.ConfidentMinimumTumourMl },
        });
        Console.WriteLine(json);
        ensemble.ForEach(n => n.Dispose());
        return 0;
    }

    /// <summary>
    /// The uterus threshold maximising mean uterus Dice; then the tumour threshold and smallest tumour
    /// together maximising the mean of tumour Dice (cases with a tumour) and of "nothing reported"
    /// (cases without), so that specks do not buy Dice with false alarms.
    /// </summary>
    private static UterusSettings ChooseThresholds(IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results, UterusSettings settings, bool keepUterusThreshold, string chosenOn)
    {
        var grid = new[] { 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95 };
        double Score(UterusSettings s, bool tumour) => cases.Select((mr, i) =>
        {
            var (u, t) = UterusSegmenter.Decide(results[i].UterusProbability, results[i].TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, s);
            var m = UterusEvaluator.Score(mr, u, t);
            return tumour ? m.TumourDice ?? (m.ReportedTumour ? 0.0 : 1.0) : m.UterusDice;
        }).Average();
        // --keep-uterus-threshold: only the tumour's settings are chosen, at the uterus threshold the cascade's
        // box (and so the tumour map) was made with, when the uterus network is not the one being judged.
        var uterus = keepUterusThreshold ? settings.UterusThreshold : grid.MaxBy(t => Score(settings with { UterusThreshold = t, TumourThreshold = 1.01 }, tumour: false));
        var chosen = settings with { UterusThreshold = uterus };
        var tumourGrid = new[] { 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
        // The reach (how far from the decided uterus the tumour may lie; 1000 mm: anywhere in the cascade's
        // box) is chosen with them; 0 first, so that on a tie the rule of plugin 1.3.0 (inside or touching) stays.
        var candidates = (from r in ReachGrid from t in tumourGrid from v in new[] { 0.1, 0.25, 0.5, 1.0, 2.0 } select (t, v, r)).ToList();
        // The goal's specificity (no tumour reported on ≥ 90% of tumour-free cases) is a constraint: among
        // the settings that keep it on these cases, the best mean tumour Dice on the tumour cases; if none
        // keeps it, the best balance of the two as before.
        double Dice(UterusSettings s) => cases.Select((mr, i) => (mr, i)).Where(c => c.mr.Tumour.Contains(true)).Select(c =>
        {
            var (u, t) = UterusSegmenter.Decide(results[c.i].UterusProbability, results[c.i].TumourProbability, c.mr.Slices, c.mr.Rows, c.mr.Columns, c.mr.Spacing, s);
            return UterusEvaluator.Score(c.mr, u, t).TumourDice ?? 0;
        }).DefaultIfEmpty().Average();
        double Clean(UterusSettings s) => cases.Select((mr, i) => (mr, i)).Where(c => !c.mr.Tumour.Contains(true)).Select(c => UterusSegmenter.Decide(results[c.i].UterusProbability, results[c.i].TumourProbability, c.mr.Slices, c.mr.Rows, c.mr.Columns, c.mr.Spacing, s).Tumour.Contains(true) ? 0.0 : 1.0).DefaultIfEmpty(1).Average();
        UterusSettings With((double t, double v, double r) c) => chosen with { TumourThreshold = c.t, MinimumTumourMl = c.v, TumourReachMm = c.r };
        var judged = candidates.ToDictionary(c => c, c => (Clean: Clean(With(c)), Dice: Dice(With(c))));
        var keeping = candidates.Where(c => judged[c].Clean >= 0.9).ToList();
        var best = keeping.Count > 0 ? keeping.MaxBy(c => judged[c].Dice) : candidates.MaxBy(c => Score(With(c), tumour: true));
        foreach (var r in ReachGrid)
        {
            // What each reach could give at its own best threshold and floor, to see how much the choice of reach matters.
            var own = keeping.Where(c => c.r == r).ToList();
            Console.Error.WriteLine(own.Count == 0
                ? FormattableString.Invariant($"reach {r} mm: no threshold keeps the tumour-free cases clean")
                : FormattableString.Invariant($"reach {r} mm: best validation tumour Dice {own.Max(c => judged[c].Dice):F3} at {own.MaxBy(c => judged[c].Dice)} (tumour-free clean {judged[own.MaxBy(c => judged[c].Dice)].Clean:F2})"));
        }

        return ChooseConfidentFloor(cases, results, With(best), judged[best], Clean, Dice) with { ChosenOn = chosenOn };
    }

    /// <summary>
    /// The second stage of the tumour settings: at the chosen threshold, floor and reach, whether a piece
    /// below the floor should still be reported when the tumour network is confident of it (a smaller floor
    /// and a mean probability; <see cref="UterusSegmenter.Reported"/>). Taken only when it raises the
    /// validation tumour Dice and keeps ≥ 90% of the tumour-free cases clean; otherwise the rule stays off.
    /// Each piece the floor drops is listed (truth, volume, mean probability) to see what the rule decides on.
    /// </summary>
    private static UterusSettings ChooseConfidentFloor(IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results, UterusSettings chosen, (double Clean, double Dice) off, Func<UterusSettings, double> clean, Func<UterusSettings, double> dice)
    {
        var everything = chosen with { MinimumTumourMl = 0 };
        for (var i = 0; i < cases.Count; i++)
        {
            var mr = cases[i];
            var piece = UterusSegmenter.Decide(results[i].UterusProbability, results[i].TumourProbability, mr.Slices, mr.Rows, mr.Columns, mr.Spacing, everything).Tumour;
            var voxels = piece.Count(b => b);
            var ml = voxels * mr.Spacing.Z * mr.Spacing.Y * mr.Spacing.X / 1000.0;
            if (voxels > 0 && ml < chosen.MinimumTumourMl)
            {
                var mean = Enumerable.Range(0, piece.Length).Where(v => piece[v]).Average(v => results[i].TumourProbability[v]);
                var onTruth = Enumerable.Range(0, piece.Length).Count(v => piece[v] && mr.Tumour[v]) / (double)voxels;
                Console.Error.WriteLine(FormattableString.Invariant($"{mr.Id}: piece below the floor: {ml:F2} mL, mean tumour probability {mean:F3}, {onTruth:P0} on the true tumour (truth {(mr.Tumour.Contains(true) ? "tumour" : "tumour-free")})"));
            }
        }

        var rules = (from p in new[] { 0.75, 0.8, 0.85, 0.9, 0.95 } from v in new[] { 0.1, 0.25, 0.5 } where v < chosen.MinimumTumourMl select chosen with { ConfidentTumourProbability = p, ConfidentMinimumTumourMl = v }).ToList();
        var best = chosen;
        var bestDice = off.Dice;
        foreach (var rule in rules)
        {
            var (c, d) = (clean(rule), dice(rule));
            Console.Error.WriteLine(FormattableString.Invariant($"confident floor {rule.ConfidentMinimumTumourMl} mL at mean probability {rule.ConfidentTumourProbability}: tumour Dice {d:F3} (off {off.Dice:F3}), tumour-free clean {c:F2}"));
            if (c >= 0.9 && d > bestDice)
            {
                (best, bestDice) = (rule, d);
            }
        }

        return best;
    }

    /// <summary>Reaches (mm) tried for the tumour beyond the decided uterus; 1000: anywhere (in the cascade's box).</summary>
    internal static readonly double[] ReachGrid = [0, 5, 10, 20, 1000];

    /// <summary>
    /// The plugin's engine set-up: the uterus network, the tumour network (when given) and one single-channel head per
    /// segment for the probe, centred on the settings' thresholds as the plugin's are (--probe-at-half: on 0.5, the
    /// probe of plugin 1.6.0 and before).
    /// </summary>
    private static BenchEngine CreateEngine(string weightsPath, string tumourPath, UterusSettings settings, bool probeAtHalf)
    {
        var engine = RadCnn.Engine.InferenceEngineFactory.CreateOnCpu();
        var weights = File.ReadAllBytes(weightsPath);
        var tumourWeights = tumourPath.Length > 0 ? File.ReadAllBytes(tumourPath) : null;
        var handles = UterusHandles.Register(engine, settings, weights, tumourWeights, probeAtHalf ? (0.5, 0.5) : (settings.UterusThreshold, settings.TumourThreshold));
        return new BenchEngine(engine, handles, new EngineSliceModel(engine, handles, settings.Planes, InferencePriority.Routine), handles.CropModel(engine, settings, InferencePriority.Routine));
    }

    /// <summary>The engine's FGSM probe (epsilon 0.02) on each case's largest uterus slice and, where a tumour was found, its largest tumour slice.</summary>
    private static async Task<(List<double> Uterus, List<double> Tumour)> ProbeAsync(BenchEngine model, UterusSettings settings, IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results)
    {
        var uterus = new List<double>();
        var tumour = new List<double>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (u, t) = await ProbeCaseAsync(model, settings, cases[i], results[i]);
            Console.Error.WriteLine(FormattableString.Invariant($"{cases[i].Id}: FGSM agreement uterus {u?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} tumour {t?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"}"));
            if (u is { } a)
            {
                uterus.Add(a);
            }

            if (t is { } b)
            {
                tumour.Add(b);
            }
        }

        return (uterus, tumour);
    }

    /// <summary>What the plugin probes on one case: the uterus output on the uterus's largest slice, the tumour output on the tumour's.</summary>
    private static async Task<(double? Uterus, double? Tumour)> ProbeCaseAsync(BenchEngine engine, UterusSettings settings, LabelledMr mr, UterusResult result)
    {
        var plane = mr.Rows * mr.Columns;
        double? uterus = null;
        double? tumour = null;
        if (result.Uterus.Contains(true))
        {
            var slice = MaskGeometry.KeySlice(result.Uterus, mr.Slices, plane);
            uterus = (await engine.Model.ProbeAsync(MrSlices.Planes(result.Prepared, mr.Slices, slice, settings.Planes), 0, CancellationToken.None)).Agreement;
        }

        if (result.HasTumour)
        {
            var slice = MaskGeometry.KeySlice(result.Tumour, mr.Slices, plane);
            tumour = engine.CropModel is { } crop && result.TumourBox is { } box && result.Normalised is { } normalised
                ? (await crop.ProbeAsync(box.Planes(normalised, mr.Slices, mr.Rows, mr.Columns, slice, settings.Planes, settings.TumourCropSize), CancellationToken.None)).Agreement
                : (await engine.Model.ProbeAsync(MrSlices.Planes(result.Prepared, mr.Slices, slice, settings.Planes), 1, CancellationToken.None)).Agreement;
        }

        return (uterus, tumour);
    }

    /// <summary>An engine with the uterus model set registered; disposing it releases the registrations and the engine.</summary>
    private sealed record BenchEngine(RadCnn.Engine.ISharedInferenceEngine Engine, UterusHandles Handles, EngineSliceModel Model, EngineTumourCropModel? CropModel) : IDisposable
    {
        public void Dispose()
        {
            Handles.Dispose();
            Engine.Dispose();
        }
    }

    /// <summary>Mean and interval rounded; null where there was nothing to average (no tumour cases, say).</summary>
    private static double[]? Round((double Mean, double Low, double High) v) => double.IsNaN(v.Mean) ? null : [Math.Round(v.Mean, 3), Math.Round(v.Low, 3), Math.Round(v.High, 3)];
}
