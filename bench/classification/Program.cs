using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Engine;
using RadCnn.Bench.Classification;
using RadCnn.Engine;
using RadCnn.Plugins.Classification;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Evaluation;
using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Plugins.Classification.Training;
using RadCnn.Training.Decisions;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms.ChestCt;

// Usage (through ./radcnn exec, from the repository root):
//   RadCnn.Bench.Classification candidates [--seed 9001] [--count 20] [--separation MM] [--max N]
//   RadCnn.Bench.Classification calibrate --plugin DIR [--seed 2] [--count 40] --write plugins/Classification/model [--band NAME --min-spacing MM --max-spacing MM]
//       [--malignancy-rule youden|margin|bootstrap-youden --margin 0.1 --tolerance 0.1] [--scores FILE]
//   RadCnn.Bench.Classification eval --plugin DIR [--seed 9001] [--count 60] [--generator standard|alternate] [--froc out.svg] [--model-2d9 FILE] [--model-3d-fine FILE] [--attack-only 3d|2d]
//   RadCnn.Bench.Classification agreement --plugin DIR [--seed 9001] [--count 10]   training- vs evaluation-mode FGSM directions of the 3D model
//   RadCnn.Bench.Classification diagnose --plugin DIR [--seed 2] [--count 40]    where sensitivity and AUC are lost, per true nodule (validation seeds only)
//   RadCnn.Bench.Classification dump --plugin DIR [--seed 5] [--count 60] --candidates-csv FILE   every candidate's reading and the nodule it hits
//   RadCnn.Bench.Classification time --plugin DIR [--size 512] [--slices 300] [--count 1]
//   RadCnn.Bench.Classification noise [--seed 2] [--count 5]   the noise the 2 mm candidate grid sees in lung, per resampling
// --size/--slices set the phantoms' matrix for every command (default 128x128x64; classification-3d-256 trains on 256x256x64).
// --average-flips (every command): each network's probabilities the mean over its input and three in-plane mirror images (not shipped)
// --resampling point|area-in-plane|area (every command): how the candidate grid and the networks' inputs sample the source
// where their step is coarser than its voxels (point, the default, is what the plugin ships; see VolumeResampling).
// calibrate --eval: after calibrating (and writing), the eval report on the same scans at the plugin folder's own thresholds.
var command = args.Length > 0 ? args[0] : "candidates";
// The last occurrence wins: bench/classification/run passes the shipped plugin folder first, so that a
// later --plugin (a folder with candidate weights) replaces it.
int Arg(string name, int fallback) => Array.LastIndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
string? Text(string name, string? fallback) => Array.LastIndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
// dump exists for its CSV: without the file it would fall through to a whole eval.
if (command == "dump" && Text("--candidates-csv", null) is null)
{
    Console.Error.WriteLine("dump: --candidates-csv FILE is required");
    return 2;
}

var seed = Arg("--seed", command is "calibrate" or "diagnose" ? 2 : 9001);
var count = Arg("--count", 20);
var resampling = Text("--resampling", "point") switch
{
    "point" => VolumeResampling.Point,
    "area-in-plane" => VolumeResampling.AreaInPlane,
    "area" => VolumeResampling.Area,
    var other => throw new ArgumentException($"--resampling {other}: point, area-in-plane or area"),
};
// --match-resolution (eval, calibrate, diagnose, candidates, time, noise): blur fine scans in-plane to the 128 training
// matrix's resolution before the candidate grid and the patches (ResolutionMatching; off in the shipped plugin).
// --malignancy-native (with --match-resolution): the nodule score on the matched scan, the benign/malignant split on the scan itself.
var matchResolution = Array.IndexOf(args, "--match-resolution") >= 0;
var malignancyNative = Array.IndexOf(args, "--malignancy-native") >= 0;
var generator = new ChestCtGenerator(ChestCtStyle.Parse(Text("--generator", "standard")!), Arg("--size", 128), Arg("--slices", 64));
if (Text("--threads", null) is { } threads)
{
    TorchSharp.torch.set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
}

if (command == "candidates")
{
    var defaults = new CandidateDetector();
    var detector = new CandidateDetector
    {
        SeparationMm = Text("--separation", null) is { } separation ? double.Parse(separation, CultureInfo.InvariantCulture) : defaults.SeparationMm,
        MaxCandidates = Arg("--max", defaults.MaxCandidates),
        Resampling = resampling,
    };
    int nodules = 0, hits = 0, candidates = 0;
    var ranks = new List<int>();
    var watch = new Stopwatch();
    for (var i = 0; i < count; i++)
    {
        var phantom = generator.Generate(seed, i);
        watch.Start();
        var found = detector.Detect(matchResolution ? ResolutionMatching.Match(CtVolume.From(phantom)) : CtVolume.From(phantom));
        watch.Stop();
        candidates += found.Count;
        foreach (var (n, truth) in CandidateSamples.Truth(phantom).Zip(phantom.Nodules))
        {
            nodules++;
            if (found.Select((c, k) => (c, k)).FirstOrDefault(p => n.Contains(p.c.Centre)) is { c: not null } hit)
            {
                hits++;
                ranks.Add(hit.k);
                continue;
            }

            // A missed nodule, described so that the detector's blind spot can be seen.
            var nearest = found.Count == 0 ? double.NaN : found.Min(c => (c.Centre + (-1 * n.Centre)).Length);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"missed: scan {i} {truth.Kind} {truth.DiameterMm:F1} mm, spacing {phantom.PixelSpacing:F2}x{phantom.SliceSpacing:F2} mm, nearest candidate {nearest:F1} mm, {found.Count} candidates"));
        }
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "classification-candidates",
        generator = generator.Name,
        resampling = resampling.ToString(),
        match_resolution = matchResolution,
        seed,
        scans = count,
        nodules,
        candidate_sensitivity = Math.Round(hits / (double)Math.Max(1, nodules), 4),
        candidates_per_scan = Math.Round(candidates / (double)count, 1),
        sensitivity_in_top = new[] { 10, 20, 40, 60 }.ToDictionary(k => k.ToString(CultureInfo.InvariantCulture), k => Math.Round(ranks.Count(r => r < k) / (double)Math.Max(1, nodules), 4)),
        seconds_per_scan = Math.Round(watch.Elapsed.TotalSeconds / count, 2),
    }));
    return 0;
}

if (command == "noise")
{
    // What the 2 mm candidate grid sees of the scanner's noise in each resampling, exactly: the same case drawn without
    // noise (the same anatomy: the noise is drawn last) on the same grid, and the SD of the difference over the lungs;
    // beside it the fine detail the grid keeps in lung parenchyma (the grid minus its Gaussian smoothing, sigma 1 grid
    // voxel, where the smoothed grid is below -700 HU: away from larger vessels and nodules), noise and small vessels together.
    var modes = new[] { VolumeResampling.Point, VolumeResampling.AreaInPlane, VolumeResampling.Area };
    var noiseSd = modes.ToDictionary(m => m.ToString(), _ => new List<double>());
    var detailSd = modes.ToDictionary(m => m.ToString(), _ => new List<double>());
    // The grid's noise and its non-noise detail (the same measure on the noiseless scan) per mode, and the point grid
    // on the scan blurred to the training matrix's resolution ("MatchedResolution").
    var cleanDetailSd = modes.ToDictionary(m => m.ToString(), _ => new List<double>());
    foreach (var extra in new[] { "MatchedResolution" })
    {
        noiseSd[extra] = [];
        detailSd[extra] = [];
        cleanDetailSd[extra] = [];
    }

    var quiet = new ChestCtGenerator(generator.Style with { NoiseMinHu = 0, NoiseMaxHu = 0 }, generator.Size, generator.Slices);
    var voxelSd = new List<double>();
    static double Sd(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Average(v => (v - mean) * (v - mean)));
    }

    for (var i = 0; i < count; i++)
    {
        var phantom = generator.Generate(seed, i);
        var volume = CtVolume.From(phantom);
        var clean = CtVolume.From(quiet.Generate(seed, i));
        voxelSd.Add(phantom.NoiseHu);
        var variants = modes.Select(m => (Name: m.ToString(), Mode: m, Volume: volume, Clean: clean))
            .Append(("MatchedResolution", VolumeResampling.Point, ResolutionMatching.Match(volume), ResolutionMatching.Match(clean)));
        foreach (var (name, mode, noisy, noiseFree) in variants)
        {
            var (grid, nx, ny, nz) = CandidateDetector.WorkingGrid(noisy, mode);
            var noiseless = CandidateDetector.WorkingGrid(noiseFree, mode).Grid;
            var lungs = LungMask.Compute(noiseless, nx, ny, nz, 4);
            var smooth = RadCnn.Training.Data.VolumeFilters.Gaussian(grid, nx, ny, nz, 1, 1, 1);
            var cleanSmooth = RadCnn.Training.Data.VolumeFilters.Gaussian(noiseless, nx, ny, nz, 1, 1, 1);
            noiseSd[name].Add(Sd(Enumerable.Range(0, grid.Length).Where(k => lungs[k]).Select(k => (double)(grid[k] - noiseless[k]))));
            detailSd[name].Add(Sd(Enumerable.Range(0, grid.Length).Where(k => lungs[k] && smooth[k] < -700).Select(k => (double)(grid[k] - smooth[k]))));
            cleanDetailSd[name].Add(Sd(Enumerable.Range(0, grid.Length).Where(k => lungs[k] && cleanSmooth[k] < -700).Select(k => (double)(noiseless[k] - cleanSmooth[k]))));
        }
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "classification-noise",
        generator = generator.Name,
        seed,
        scans = count,
        matrix = generator.Size,
        phantom_voxel_noise_hu = Math.Round(voxelSd.Average(), 1),
        grid_noise_sd_hu = noiseSd.ToDictionary(p => p.Key, p => Math.Round(p.Value.Average(), 1)),
        grid_lung_detail_sd_hu = detailSd.ToDictionary(p => p.Key, p => Math.Round(p.Value.Average(), 1)),
        grid_lung_detail_noiseless_sd_hu = cleanDetailSd.ToDictionary(p => p.Key, p => Math.Round(p.Value.Average(), 1)),
        matched_extra_sigma_mm = Math.Round(Enumerable.Range(0, count).Select(i => generator.Generate(seed, i)).Average(p => ResolutionMatching.ExtraSigmaMm(p.Columns, p.PixelSpacing, p.SliceSpacing)), 2),
    }));
    return 0;
}

var folder = Text("--plugin", "plugins/Classification/bin/Release/net10.0")!;
await using var engine = InferenceEngineFactory.CreateOnCpu();
await using var plugin = new NodulePlugin();
await plugin.InitializeAsync(new PluginTestContext(folder, engine, new Dictionary<string, string?> { ["Probe"] = "True" }), CancellationToken.None);
var analyzer = plugin.CreateAnalyzer(resampling, matchResolution, malignancyNative, averageInPlaneFlips: args.Contains("--average-flips"));
if (command == "time")
{
    // --resampling acts on the "candidates" and "cnn" stages (the bench's analyzer), --match-resolution on "read" (the blur)
    // too; the rest is the plugin's own ProcessAsync, which always samples the scan itself at a point (the shipped
    // default), so the total does not follow the switches.
    var seconds = new List<double>();
    var stages = new Dictionary<string, double>(StringComparer.Ordinal) { ["read"] = 0, ["candidates"] = 0, ["cnn"] = 0, ["probe+explain+results"] = 0 };
    for (var i = 0; i < count; i++)
    {
        var phantom = generator.Generate(seed, i);
        var datasets = ChestCtDicomWriter.ToDatasets(phantom, seed, i, DateTimeOffset.UtcNow);
        var item = CtSeriesItem.FromDatasets(datasets);
        var watch = Stopwatch.StartNew();
        var volume = analyzer.Prepare(CtVolume.From(await item.GetVolumeAsync(CancellationToken.None)));
        stages["read"] += watch.Elapsed.TotalSeconds;
        var t = watch.Elapsed.TotalSeconds;
        var found = analyzer.Detector.Detect(volume);
        stages["candidates"] += watch.Elapsed.TotalSeconds - t;
        t = watch.Elapsed.TotalSeconds;
        await Task.WhenAll(found.Select(c => analyzer.ReadOneAsync(volume, c, CancellationToken.None)));
        stages["cnn"] += watch.Elapsed.TotalSeconds - t;
        var before = watch.Elapsed.TotalSeconds;
        var result = await plugin.ProcessAsync(item, CancellationToken.None);
        var whole = watch.Elapsed.TotalSeconds - before;
        stages["probe+explain+results"] += Math.Max(0, whole - stages["candidates"] / (i + 1) - stages["cnn"] / (i + 1));
        seconds.Add(stages["read"] / (i + 1) + whole);
        Console.Error.WriteLine($"series {i}: {result.Message}");
        if (Text("--png", null) is { } png && result.Files.FirstOrDefault(f => f.MediaType == "image/png") is { } keyImage)
        {
            File.WriteAllBytes(png, keyImage.Content.ToArray());
        }
    }

    var total = stages.Values.Sum();

    // Both networks bare at the engine's largest batch (16 candidates) in the channels-last layout they infer in and
    // in the default layout beside it (alternating, same process).
    using var net2d = (MultiView2dNet)ModelLoader.Load2d(File.ReadAllBytes(Path.Combine(folder, "model", "nodule-2d.bin")));
    using var net3d = (Nodule3dNet)ModelLoader.Load3d(File.ReadAllBytes(Path.Combine(folder, "model", "nodule-3d.bin")));
    net2d.eval();
    net3d.eval();
    var views = TorchSharp.torch.rand(16, 3, 32, 32);
    var cubes = TorchSharp.torch.rand([16, 3, 16, 16, 16]);
    var layouts = new JsonObject
    {
        ["nodule_2d_batch_of_16"] = LayoutTiming.Compare(on => net2d.UseChannelsLast = on, () => net2d.call(views), 40),
        ["nodule_3d_batch_of_16"] = LayoutTiming.Compare(on => net3d.UseChannelsLast = on, () => net3d.call(cubes), 40),
    };
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "classification",
        series = count,
        matrix = generator.Size,
        slices = generator.Slices,
        seconds_per_series = Math.Round(seconds.Average(), 2),
        share = stages.ToDictionary(s => s.Key, s => Math.Round(s.Value / total, 3)),
        bare_network_layouts = layouts,
        threads = TorchSharp.torch.get_num_threads(),
        load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
    }));
    return 0;
}

var scans = new List<ScanOutcome>();
var evalWatch = Stopwatch.StartNew();

// Optional: a 9-view 2D model (radcnn train classification-2d-9), read on the same candidates beside the shipped ones.
using var nineView = Text("--model-2d9", null) is { } nineViewPath ? ModelLoader.Load2d(File.ReadAllBytes(nineViewPath), views: 9) : null;
var nineViewProbabilities = new Dictionary<NoduleReading, float[]>(ReferenceEqualityComparer.Instance);

// Optional: a 3D model on the finer patch geometry (radcnn train classification-3d-fine: 16/32/48 mm at 24³), read on the same candidates.
using var fine3d = Text("--model-3d-fine", null) is { } finePath ? ModelLoader.Load3d(File.ReadAllBytes(finePath)) : null;
fine3d?.eval();
var fineProbabilities = new Dictionary<NoduleReading, float[]>(ReferenceEqualityComparer.Instance);
for (var i = 0; i < count; i++)
{
    var phantom = generator.Generate(seed, i);
    var native = CtVolume.From(phantom);
    var volume = analyzer.Prepare(native);
    var readings = await analyzer.ReadAsync(volume, CancellationToken.None, native);
    scans.Add(new ScanOutcome(readings, CandidateSamples.Truth(phantom), phantom.PixelSpacing));
    if (nineView is not null && readings.Count > 0)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var input = TorchSharp.torch.tensor(readings.SelectMany(r => PatchExtractor.Views2d(volume, r.Candidate.Centre, 9, resampling)).ToArray(), new long[] { readings.Count, 9, PatchExtractor.Side2d, PatchExtractor.Side2d });
        var probabilities = TorchSharp.torch.nn.functional.softmax(nineView.call(input), 1).data<float>().ToArray();
        foreach (var (reading, k) in readings.Select((r, k) => (r, k)))
        {
            nineViewProbabilities[reading] = probabilities[(k * 3)..((k * 3) + 3)];
        }
    }

    if (fine3d is not null)
    {
        var geometry = Classification3dFineRecipe.Geometry;
        for (var start = 0; start < readings.Count; start += 32)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var noGrad = TorchSharp.torch.no_grad();
            var batch = readings.Skip(start).Take(32).ToList();
            var input = TorchSharp.torch.tensor(batch.SelectMany(r => PatchExtractor.Patch3d(volume, r.Candidate.Centre, geometry, resampling)).ToArray(), [batch.Count, .. geometry.Shape]);
            var probabilities = TorchSharp.torch.nn.functional.softmax(fine3d.call(input), 1).data<float>().ToArray();
            foreach (var (reading, k) in batch.Select((r, k) => (r, k)))
            {
                fineProbabilities[reading] = probabilities[(k * 3)..((k * 3) + 3)];
            }
        }
    }
}

// --candidates-csv FILE: every candidate's reading beside the nodule it hits (if any), one row each, for offline analysis
// of the scores the decision could rest on (detector response, size, each model's probabilities).
if (Text("--candidates-csv", null) is { } candidatesCsv)
{
    using var writer = new StreamWriter(candidatesCsv);
    writer.WriteLine("scan,spacing_mm,rank,response,diameter_mm,p3d_none,p3d_benign,p3d_malignant,p2d_none,p2d_benign,p2d_malignant,nodule,nodule_diameter_mm,malignant,scan_nodules");
    foreach (var (scan, s) in scans.Select((scan, s) => (scan, s)))
    {
        foreach (var (reading, rank) in scan.Readings.Select((r, k) => (r, k)))
        {
            var hit = scan.Truth.Select((n, j) => (n, j)).FirstOrDefault(p => p.n.Contains(reading.Candidate.Centre));
            var p3 = reading.Probabilities3d;
            var p2 = reading.Probabilities2d;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s},{scan.PixelSpacingMm:F3},{rank},{reading.Candidate.Response:G6},{reading.Candidate.DiameterMm:F2},{p3[0]:G6},{p3[1]:G6},{p3[2]:G6},{p2[0]:G6},{p2[1]:G6},{p2[2]:G6},{(hit.n is null ? -1 : hit.j)},{(hit.n is null ? 0 : hit.n.DiameterMm):F2},{(hit.n is { Malignant: true } ? 1 : 0)},{scan.Truth.Count}"));
        }
    }

    if (command == "dump")
    {
        return 0;
    }
}

if (command == "diagnose")
{
    await NoduleDiagnosis.RunAsync(generator, seed, scans, analyzer, plugin.Decision);
    return 0;
}

if (command == "agreement")
{
    // How the adversarial examples the 3D model was trained with relate to the probe's: the earlier in-model
    // mixing took the FGSM direction in training mode (batch statistics, dropout) on the jittered input; the
    // probe takes it in evaluation mode on the clean input. Sign agreement per voxel, and the flip share at the
    // probe's epsilon when each direction is applied to the evaluation-mode model, on the detected nodules.
    var weights = File.ReadAllBytes(Path.Combine(folder, "model", "nodule-3d.bin"));
    // Two copies: a forward pass in training mode updates batch norm's running statistics, which must not
    // leak into the evaluation-mode network the probe attacks.
    using var net = ModelLoader.Load3d(weights);
    using var trainingNet = ModelLoader.Load3d(weights);
    net.eval();
    var parts = trainingNet.named_children().ToDictionary(c => c.name, c => (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)c.module);
    var patches = new List<float[]>();
    foreach (var (scan, index) in scans.Select((s, i) => (s, i)))
    {
        var volume = analyzer.Prepare(CtVolume.From(generator.Generate(seed, index)));
        patches.AddRange(NoduleMetrics.DetectedNodules([scan]).Select(d => PatchExtractor.Patch3d(volume, d.Reading.Candidate.Centre, resampling)));
    }

    TorchSharp.torch.manual_seed(seed);
    double agreeJittered = 0, agreeClean = 0, voxels = 0;
    int flipsEval = 0, flipsTrain = 0, samples = 0;
    for (var start = 0; start < patches.Count; start += 32)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var n = Math.Min(32, patches.Count - start);
        if (n < 2)
        {
            break;
        }

        var x = TorchSharp.torch.tensor(patches.Skip(start).Take(n).SelectMany(p => p).ToArray(), new long[] { n, 3, PatchExtractor.Side3d, PatchExtractor.Side3d, PatchExtractor.Side3d });
        TorchSharp.torch.Tensor Direction(TorchSharp.torch.Tensor input, bool training)
        {
            trainingNet.train();
            using var grad = TorchSharp.torch.enable_grad();
            var xg = input.detach().requires_grad_(true);
            var logits = training ? parts["classifier"].call(parts["features"].call(xg)) : net.call(xg);
            var loss = TorchSharp.torch.nn.functional.cross_entropy(logits, logits.argmax(1).detach(), reduction: TorchSharp.torch.nn.Reduction.Sum);
            return TorchSharp.torch.autograd.grad([loss], [xg])[0].sign();
        }

        var probe = Direction(x, training: false);
        var trainJittered = Direction(AcquisitionJitter.Apply(x), training: true);
        var trainClean = Direction(x, training: true);
        agreeJittered += probe.eq(trainJittered).sum().item<long>();
        agreeClean += probe.eq(trainClean).sum().item<long>();
        voxels += probe.numel();
        using var noGrad = TorchSharp.torch.no_grad();
        var clean = net.call(x).argmax(1);
        flipsEval += (int)clean.ne(net.call((x + (probe * 0.02)).clamp(0, 1)).argmax(1)).sum().item<long>();
        flipsTrain += (int)clean.ne(net.call((x + (trainJittered * 0.02)).clamp(0, 1)).argmax(1)).sum().item<long>();
        samples += n;
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "classification-agreement",
        generator = generator.Name,
        seed,
        scans = count,
        nodules = samples,
        sign_agreement_training_mode_jittered = Math.Round(agreeJittered / voxels, 4),
        sign_agreement_training_mode_clean = Math.Round(agreeClean / voxels, 4),
        flip_share_eval_direction = Math.Round(flipsEval / (double)samples, 4),
        flip_share_training_direction = Math.Round(flipsTrain / (double)samples, 4),
    }));
    return 0;
}

var volumes = new Dictionary<int, CtVolume>();
if (command == "calibrate")
{
    var froc = FrocCurve.Compute(scans, r => r.Nodule);
    var detected = NoduleMetrics.DetectedNodules(scans);
    var noduleThreshold = Math.Round(froc.ThresholdAt(1.0), 4);
    var malignancyScores = detected.Select(d => d.Reading.Malignancy).ToList();
    var malignancyLabels = detected.Select(d => d.Label).ToList();
    // --malignancy-rule youden|margin|bootstrap-youden [--margin 0.1] [--tolerance 0.1]: Youden's J (the default, 1.0.0-1.3.0)
    // or a steadier rule (MalignancyThreshold); stderr states Youden's and the chosen threshold's operating point and how
    // many validation nodules lie within the margin of each. The margin's default is the distance within which the reported
    // call flipped for most held-out nodules at every matrix (README, "1.3.0"); the tolerance's is about one standard error
    // of a sensitivity on the ~30 malignant validation nodules, operating points Youden's J cannot tell apart there.
    var rule = Text("--malignancy-rule", "youden") switch
    {
        "youden" => MalignancyThresholdRule.Youden,
        "margin" => MalignancyThresholdRule.Margin,
        "bootstrap-youden" => MalignancyThresholdRule.BootstrapYouden,
        var other => throw new ArgumentException($"--malignancy-rule: youden, margin or bootstrap-youden, not {other}"),
    };
    var ruleMargin = double.Parse(Text("--margin", "0.1")!, CultureInfo.InvariantCulture);
    var ruleTolerance = double.Parse(Text("--tolerance", "0.1")!, CultureInfo.InvariantCulture);
    var malignancyThreshold = Math.Round(MalignancyThreshold.Choose(malignancyScores, malignancyLabels, rule, ruleMargin, ruleTolerance, seed), 4);
    object OperatingPoint(double t)
    {
        var (sensitivity, specificity) = NoduleMetrics.SensitivitySpecificity(malignancyScores, malignancyLabels, t);
        return new { threshold = Math.Round(t, 4), sensitivity = Math.Round(sensitivity, 4), specificity = Math.Round(specificity, 4), nodules_within_margin = MalignancyThreshold.NearCount(malignancyScores, t, ruleMargin) };
    }

    Console.Error.WriteLine(JsonSerializer.Serialize(new
    {
        malignancy_rule = rule.ToString(),
        margin = ruleMargin,
        tolerance = ruleTolerance,
        nodules = malignancyScores.Count,
        malignant = malignancyLabels.Sum(),
        youden = OperatingPoint(NoduleMetrics.YoudenThreshold(malignancyScores, malignancyLabels)),
        chosen = OperatingPoint(malignancyThreshold),
    }));
    // --scores FILE: the validation nodules' P(malignant | nodule) and labels (1 malignant), to study rules without rereading the scans.
    if (Text("--scores", null) is { } scoresPath)
    {
        File.WriteAllText(scoresPath, JsonSerializer.Serialize(new { scores = malignancyScores.Select(s => Math.Round(s, 6)), labels = malignancyLabels }) + "\n");
    }

    // --band NAME [--min-spacing MM] [--max-spacing MM]: the thresholds become a band of decision.json, chosen by the
    // plugin for series of that in-plane pixel spacing; without --band they are the top-level ones (any bands kept).
    var band = Text("--band", null);
    var spacings = scans.Select(o => o.PixelSpacingMm).ToList();
    // The matrix is stated for a band and for a non-default matrix (the top-level source reads as before bands).
    var matrix = band is null && generator.Size == 128 && generator.Slices == 64
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $" at {generator.Size}x{generator.Size}x{generator.Slices} ({spacings.Min():F2}-{spacings.Max():F2} mm pixels)");
    var source = string.Create(CultureInfo.InvariantCulture, $"validation scans: {count} chest-ct phantoms of seed {seed}{matrix} (neither the training seed 1 nor a test seed); nodule threshold at 1 false positive per scan (mean of the 3D and 2D models), malignancy threshold by {MalignancyThreshold.Describe(rule, ruleMargin, ruleTolerance)} on {detected.Count} detected nodules");
    var calibrated = new JsonObject
    {
        ["noduleThreshold"] = noduleThreshold,
        ["malignancyThreshold"] = malignancyThreshold,
        ["source"] = source,
    };
    if (band is not null)
    {
        calibrated = new JsonObject { ["name"] = band };
        if (Text("--min-spacing", null) is { } min)
        {
            calibrated["minPixelSpacingMm"] = double.Parse(min, CultureInfo.InvariantCulture);
        }

        if (Text("--max-spacing", null) is { } max)
        {
            calibrated["maxPixelSpacingMm"] = double.Parse(max, CultureInfo.InvariantCulture);
        }

        calibrated["noduleThreshold"] = noduleThreshold;
        calibrated["malignancyThreshold"] = malignancyThreshold;
        calibrated["source"] = source;
    }

    Console.WriteLine(calibrated.ToJsonString());
    if (Text("--write", null) is { } modelDirectory)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        var decisionPath = Path.Combine(modelDirectory, Decision.FileName);
        var decision = File.Exists(decisionPath) ? JsonNode.Parse(File.ReadAllText(decisionPath))!.AsObject() : [];
        if (band is null)
        {
            foreach (var (key, value) in calibrated)
            {
                decision[key] = value!.DeepClone();
            }
        }
        else
        {
            // Replace the band of that name, keep the others, finest first (the plugin takes the first band covering a series).
            var bands = (decision["bands"] as JsonArray)?.Select(b => b!.DeepClone().AsObject()).Where(b => (string?)b["name"] != band).ToList() ?? [];
            bands.Add(calibrated);
            decision["bands"] = new JsonArray([.. bands.OrderBy(b => (double?)b["maxPixelSpacingMm"] ?? double.MaxValue)]);
        }

        File.WriteAllText(decisionPath, decision.ToJsonString(options) + "\n");
        // plugin.json pins the decision file by SHA-256 (the host refuses a plugin folder whose files differ from
        // their pins), so a new calibration is pinned as it is written.
        var manifestPath = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory)))!, "plugin.json");
        if (File.Exists(manifestPath))
        {
            var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            foreach (var model in manifest["models"]?.AsArray() ?? [])
            {
                if ((string?)model?["path"] == $"model/{Decision.FileName}")
                {
                    model!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(decisionPath)));
                }
            }

            File.WriteAllText(manifestPath, manifest.ToJsonString(options) + "\n");
        }

        foreach (var name in new[] { "nodule-3d.json", "nodule-2d.json" })
        {
            var path = Path.Combine(modelDirectory, name);
            var card = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            card["decision"] = decision.DeepClone();
            File.WriteAllText(path, card.ToJsonString(options) + "\n");
        }
    }

    if (!args.Contains("--eval"))
    {
        return 0;
    }
}

// eval
var epsilon = 0.02;
var detectedNodules = NoduleMetrics.DetectedNodules(scans);
var flips = 0;
var fragile = 0;
// Which decisions flip: the 3D model's clean call (argmax) and its margin over the runner-up class. A flip of a
// call the model itself holds near a tie (a benign/malignant nodule of the overlapping sizes) is not the same
// failure as a flip of a confident one, and adversarial training can only widen the margins it is asked to.
string[] callNames = ["not a nodule", "benign", "malignant"];
(string Name, double Below)[] marginBins = [("below 0.2", 0.2), ("0.2-0.5", 0.5), ("0.5 and above", double.PositiveInfinity)];
var byCall = callNames.ToDictionary(n => n, _ => new int[2]);
var byMargin = marginBins.ToDictionary(b => b.Name, _ => new int[2]);
// The decision the plugin reports (both models at the scan's band's thresholds), probed as the plugin probes it
// (NoduleAnalyzer.ProbeDecisionAsync), beside the 3D argmax: per scan, for the bootstrap over scans. "Reported" nodules are the
// detected ones whose best candidate reaches the nodule threshold (what a Finding's robustness describes; the plugin's cap
// of 10 per series is not applied); over all detected nodules an unreported one flips when the attack makes it reported.
var flips3dByScan = new List<IReadOnlyList<bool>>();
var decisionFlipsByScan = new List<IReadOnlyList<bool>>();
var reportedDecisionFlipsByScan = new List<IReadOnlyList<bool>>();
var reported3dFlipsByScan = new List<IReadOnlyList<bool>>();
// Each direction of the decision probe alone on the reported nodules (the plugin reports their union).
var directionFlipsByScan = new[] { "call", "nodule boundary", "malignancy boundary" }.ToDictionary(n => n, _ => new List<IReadOnlyList<bool>>());
// Distance of the nearer ensemble probability from its threshold: P(nodule) from the nodule threshold, P(malignant | nodule) from the malignancy one.
(string Name, double Below)[] distanceBins = [("below 0.05", 0.05), ("0.05-0.1", 0.1), ("0.1-0.2", 0.2), ("0.2 and above", double.PositiveInfinity)];
var byDistance = distanceBins.ToDictionary(b => b.Name, _ => new int[3]);
var byNearer = new[] { "nodule threshold", "malignancy threshold" }.ToDictionary(n => n, _ => new int[3]);
var byReportedCall = new[] { "benign", "malignant" }.ToDictionary(n => n, _ => new int[3]);
var smallestFlipping = new SortedDictionary<string, int>(StringComparer.Ordinal);
var callMismatches = 0;
// --attack-only 3d|2d: the reported decision's probe steps one model's input and leaves the other's clean, to tell how
// much of the call's fragility each model carries (the plugin attacks both).
var attacked = Text("--attack-only", null) switch
{
    null => AttackedInput.Both,
    "3d" => AttackedInput.Only3d,
    "2d" => AttackedInput.Only2d,
    var other => throw new ArgumentException($"--attack-only: 3d or 2d, not {other}"),
};
foreach (var (scan, index) in scans.Select((s, i) => (s, i)))
{
    var phantom = generator.Generate(seed, index);
    var volume = analyzer.Prepare(CtVolume.From(phantom));
    var thresholds = plugin.DecisionFor(scan.PixelSpacingMm);
    var decisionModel = plugin.DecisionModel(thresholds);
    List<bool> scan3d = [], scanDecision = [], scanReported = [], scanReported3d = [], scanCall = [], scanNodule = [], scanMalignancy = [];
    foreach (var (reading, _) in NoduleMetrics.DetectedNodules([scan]))
    {
        var report = await analyzer.ProbeAsync(volume, reading.Candidate, CancellationToken.None);
        epsilon = report.Epsilon;
        flips += report.FlipsAtEpsilon ? 1 : 0;
        fragile += report.Fragile ? 1 : 0;
        scan3d.Add(report.FlipsAtEpsilon);
        var sorted = reading.Probabilities3d.OrderDescending().ToArray();
        var call = Array.IndexOf(reading.Probabilities3d, sorted[0]);
        var bin = marginBins.First(b => sorted[0] - sorted[1] < b.Below).Name;
        foreach (var tally in new[] { byCall[callNames[call]], byMargin[bin] })
        {
            tally[0]++;
            tally[1] += report.FlipsAtEpsilon ? 1 : 0;
        }

        var reportedCall = reading.CallAt(thresholds);
        var directions = await analyzer.ProbeDecisionAsync(volume, reading.Candidate, o => plugin.DecisionModel(thresholds, o, attacked), reportedCall != ReportedCall.NotReported, CancellationToken.None);
        var decision = directions.Combined;
        scanDecision.Add(decision.FlipsAtEpsilon);
        callMismatches += await analyzer.DecisionCallAsync(volume, reading.Candidate, decisionModel, CancellationToken.None) == reportedCall ? 0 : 1;
        if (reportedCall == ReportedCall.NotReported)
        {
            continue;
        }

        scanReported.Add(decision.FlipsAtEpsilon);
        scanReported3d.Add(report.FlipsAtEpsilon);
        scanCall.Add(directions.Call.FlipsAtEpsilon);
        scanNodule.Add(directions.Nodule.FlipsAtEpsilon);
        scanMalignancy.Add(directions.Malignancy!.FlipsAtEpsilon);
        var toNodule = Math.Abs(reading.Nodule - thresholds.NoduleThreshold);
        var toMalignancy = Math.Abs(reading.Malignancy - thresholds.MalignancyThreshold);
        var distance = Math.Min(toNodule, toMalignancy);
        foreach (var tally in new[] { byDistance[distanceBins.First(b => distance < b.Below).Name], byNearer[toNodule <= toMalignancy ? "nodule threshold" : "malignancy threshold"], byReportedCall[reportedCall == ReportedCall.Malignant ? "malignant" : "benign"] })
        {
            tally[0]++;
            tally[1] += decision.FlipsAtEpsilon ? 1 : 0;
            tally[2] += report.FlipsAtEpsilon ? 1 : 0;
        }

        var key = decision.SmallestFlippingEpsilon is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "none";
        smallestFlipping[key] = smallestFlipping.GetValueOrDefault(key) + 1;
    }

    flips3dByScan.Add(scan3d);
    decisionFlipsByScan.Add(scanDecision);
    reportedDecisionFlipsByScan.Add(scanReported);
    reported3dFlipsByScan.Add(scanReported3d);
    directionFlipsByScan["call"].Add(scanCall);
    directionFlipsByScan["nodule boundary"].Add(scanNodule);
    directionFlipsByScan["malignancy boundary"].Add(scanMalignancy);
}

object Share(IReadOnlyList<IReadOnlyList<bool>> flags)
{
    var (share, low, high) = NoduleMetrics.BootstrapShare(flags, 1000, seed);
    return new { nodules = flags.Sum(f => f.Count), flips = flags.Sum(f => f.Count(x => x)), share = Math.Round(share, 4), ci = new[] { Math.Round(low, 4), Math.Round(high, 4) } };
}

object Tallies(Dictionary<string, int[]> tallies) => tallies.ToDictionary(p => p.Key, p => new { nodules = p.Value[0], decision_flips = p.Value[1], flips_3d_argmax = p.Value[2] });

// The plugin's thresholds two ways: the single top-level pair for every scan, and the pair of each scan's band
// (chosen by its pixel spacing); the same where the plugin folder's decision.json has no bands.
var single = plugin.Decision;
Decision Banded(ScanOutcome scan) => plugin.DecisionFor(scan.PixelSpacingMm);

object AtThresholds(Func<NoduleReading, double> nodule, Func<NoduleReading, double> malignancy, Func<ScanOutcome, Decision> thresholds)
{
    var (detection, falsePositives) = NoduleMetrics.OperatingPoint(scans, nodule, s => thresholds(s).NoduleThreshold);
    var calls = scans.SelectMany(s => NoduleMetrics.DetectedNodules([s]).Select(d => (Score: malignancy(d.Reading), d.Label, Threshold: thresholds(s).MalignancyThreshold))).ToList();
    var tp = calls.Count(c => c.Label == 1 && c.Score >= c.Threshold);
    var tn = calls.Count(c => c.Label == 0 && c.Score < c.Threshold);
    var positives = calls.Count(c => c.Label == 1);
    var negatives = calls.Count - positives;
    return new
    {
        bands = scans.GroupBy(s => thresholds(s).Band ?? "(top level)").ToDictionary(g => g.Key, g => g.Count()),
        nodule_sensitivity = Math.Round(detection, 4),
        false_positives_per_scan = Math.Round(falsePositives, 3),
        malignancy_sensitivity = positives == 0 ? (double?)null : Math.Round(tp / (double)positives, 4),
        malignancy_specificity = negatives == 0 ? (double?)null : Math.Round(tn / (double)negatives, 4),
    };
}

object Model(string name, Func<NoduleReading, double> nodule, Func<NoduleReading, double> malignancy, double malignancyThreshold)
{
    var froc = FrocCurve.Compute(scans, nodule);
    var ci = NoduleMetrics.BootstrapSensitivity(scans, nodule, 1.0, 300, seed);
    var ci2 = NoduleMetrics.BootstrapSensitivity(scans, nodule, 2.0, 300, seed);
    var scores = detectedNodules.Select(d => malignancy(d.Reading)).ToList();
    var labels = detectedNodules.Select(d => d.Label).ToList();
    var (auc, interval) = NoduleMetrics.Auc(scores, labels, seed);
    // The sizes both labels take (7-14 mm), where the diagnosis found the ranking lost.
    var overlap = scans.SelectMany(s => s.Truth.Where(t => t.DiameterMm is >= 7 and <= 14).Select(t => (Truth: t, Best: s.Readings.Where(r => t.Contains(r.Candidate.Centre)).MaxBy(r => r.Nodule))))
        .Where(p => p.Best is not null).ToList();
    var overlapAuc = overlap.Any(p => p.Truth.Malignant) && overlap.Any(p => !p.Truth.Malignant)
        ? RadCnn.Training.Metrics.RocAnalysis.Auc(overlap.Select(p => malignancy(p.Best!)).ToList(), overlap.Select(p => p.Truth.Malignant ? 1 : 0).ToList())
        : double.NaN;
    var (sensitivity, specificity) = NoduleMetrics.SensitivitySpecificity(scores, labels, malignancyThreshold);
    return new
    {
        model = name,
        // What calibrate would take on these scans (nodule threshold at 1 FP/scan, malignancy by Youden's J).
        nodule_threshold_at_1fp = Math.Round(froc.ThresholdAt(1.0), 4),
        malignancy_threshold_youden = Math.Round(NoduleMetrics.YoudenThreshold(scores, labels), 4),
        froc_sensitivity_at_1fp = Math.Round(froc.SensitivityAt(1), 4),
        froc_sensitivity_at_1fp_ci = new[] { Math.Round(ci.Low, 4), Math.Round(ci.High, 4) },
        froc_sensitivity_at_2fp = Math.Round(froc.SensitivityAt(2), 4),
        froc_sensitivity_at_2fp_ci = new[] { Math.Round(ci2.Low, 4), Math.Round(ci2.High, 4) },
        cpm = Math.Round(froc.Cpm, 4),
        malignancy_auc = Math.Round(auc, 4),
        malignancy_auc_ci = interval is null ? null : new[] { Math.Round(interval.Lower, 4), Math.Round(interval.Upper, 4) },
        malignancy_ece = Math.Round(CalibrationError.Expected(scores, labels), 4),
        malignancy_auc_overlap_7_14mm = double.IsNaN(overlapAuc) ? (double?)null : Math.Round(overlapAuc, 4),
        overlap_nodules = overlap.Count,
        malignancy_sensitivity_at_threshold = Math.Round(sensitivity, 4),
        malignancy_specificity_at_threshold = Math.Round(specificity, 4),
        at_single_thresholds = AtThresholds(nodule, malignancy, _ => single),
        at_banded_thresholds = AtThresholds(nodule, malignancy, Banded),
    };
}

var threshold = plugin.Decision.MalignancyThreshold;
var models = new List<object>
{
    Model("3d", r => r.Nodule3d, r => r.Malignancy3d, threshold),
    Model("2d", r => r.Nodule2d, r => r.Malignancy2d, threshold),
    Model("mean (plugin)", r => r.Nodule, r => r.Malignancy, threshold),
};
if (nineView is not null)
{
    models.Add(Model("2d 9-view", r => 1 - nineViewProbabilities[r][0], r => nineViewProbabilities[r][2] / Math.Max(1e-9, nineViewProbabilities[r][1] + nineViewProbabilities[r][2]), threshold));
}

if (fine3d is not null)
{
    static double Conditional(double malignant, double benign) => malignant + benign > 1e-9 ? malignant / (malignant + benign) : 0.5;
    models.Add(Model("3d fine", r => 1 - fineProbabilities[r][0], r => Conditional(fineProbabilities[r][2], fineProbabilities[r][1]), threshold));
    models.Add(Model("mean, 3d fine", r => ((1 - fineProbabilities[r][0]) + r.Nodule2d) / 2, r => Conditional((fineProbabilities[r][2] + r.Probabilities2d[2]) / 2, (fineProbabilities[r][1] + r.Probabilities2d[1]) / 2), threshold));
}

var ensemble = FrocCurve.Compute(scans, r => r.Nodule);
Console.WriteLine(JsonSerializer.Serialize(new
{
    bench = "classification-eval",
    generator = generator.Name,
    resampling = resampling.ToString(),
    match_resolution = matchResolution,
    malignancy_native = malignancyNative,
    matrix = generator.Size,
    seed,
    scans = count,
    nodules = ensemble.Nodules,
    candidate_sensitivity = Math.Round(detectedNodules.Count / (double)Math.Max(1, ensemble.Nodules), 4),
    candidates_per_scan = Math.Round(scans.Average(s => s.Readings.Count), 1),
    models = models,
    fgsm_epsilon = epsilon,
    fgsm_flip_share_3d = Math.Round(flips / (double)Math.Max(1, detectedNodules.Count), 4),
    fragile_share_3d = Math.Round(fragile / (double)Math.Max(1, detectedNodules.Count), 4),
    fgsm_flips_3d_by_clean_call = byCall.ToDictionary(p => p.Key, p => new { nodules = p.Value[0], flips = p.Value[1] }),
    fgsm_flips_3d_by_margin = byMargin.ToDictionary(p => p.Key, p => new { nodules = p.Value[0], flips = p.Value[1] }),
    fgsm_flips_3d = Share(flips3dByScan),
    // The plugin's reported decision (both models at each scan's band's thresholds; NoduleAnalyzer.ProbeDecisionAsync).
    reported_decision = new
    {
        attacked_input = attacked.ToString(),
        thresholds = scans.Select(s => plugin.DecisionFor(s.PixelSpacingMm)).DistinctBy(d => (d.NoduleThreshold, d.MalignancyThreshold))
            .Select(d => new { band = d.Band, nodule = d.NoduleThreshold, malignancy = d.MalignancyThreshold }).ToList(),
        reported_nodules = Share(reportedDecisionFlipsByScan),
        reported_nodules_3d_argmax = Share(reported3dFlipsByScan),
        reported_nodules_by_direction = directionFlipsByScan.ToDictionary(p => p.Key, p => Share(p.Value)),
        all_detected_nodules = Share(decisionFlipsByScan),
        by_nearer_threshold_distance = Tallies(byDistance),
        by_nearer_threshold = Tallies(byNearer),
        by_reported_call = Tallies(byReportedCall),
        smallest_flipping_epsilon = smallestFlipping,
        clean_call_mismatches = callMismatches,
    },
    seconds = Math.Round(evalWatch.Elapsed.TotalSeconds, 1),
}));
if (Text("--froc", null) is { } svg)
{
    FrocPlot.Save(svg, $"FROC, {count} held-out {generator.Name} scans (seed {seed})", [("3D", FrocCurve.Compute(scans, r => r.Nodule3d)), ("2D multi-view", FrocCurve.Compute(scans, r => r.Nodule2d)), .. nineView is null ? Array.Empty<(string, FrocCurve)>() : [("2D 9-view", FrocCurve.Compute(scans, r => 1 - nineViewProbabilities[r][0]))], ("mean", ensemble)]);
}

return 0;
