using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Engine;
using RadCnn.Bench.Denoising;
using RadCnn.Engine;
using RadCnn.Plugins.Denoising;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

// Usage: RadCnn.Bench.Denoising PLUGIN_FOLDER CLASSICAL_SCRIPT [slices=16] [seed=4242] [dose=0.1] [model=the plugin's default]
// (slices 0: the 512 x 512 timing only; RADCNN_BENCH_TILE / RADCNN_BENCH_OVERLAP override the plugin's tiling;
// RADCNN_BENCH_SPARSE_VIEWS=K: the low dose reconstructed from every K-th view; RADCNN_BENCH_ALSO=MODEL: a second
// network scored on the same slices in the same run, beside the first and the classical filters)
// or: RadCnn.Bench.Denoising dc-response SLICES SEED DOSE MODEL WEIGHTS... (where the HU bias comes from; DcResponse)
// or: RadCnn.Bench.Denoising series PLUGIN_FOLDER [slices=300] [seed] [dose] [model] (a whole 512 series, files to files; SeriesTiming)
// or: RadCnn.Bench.Denoising domain PLUGIN_FOLDER LABEL=FOLDER... (what the plugin does to each CT series in the folders; DomainCheck)
// or: RadCnn.Bench.Denoising select SLICES SEED DOSE MODEL WEIGHTS... (probe, offset and bias figures of many candidates; Selection)
if (args.Length > 0 && args[0] == "dc-response")
{
    RadCnn.Bench.Denoising.DcResponse.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "series")
{
    await RadCnn.Bench.Denoising.SeriesTiming.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "domain")
{
    await RadCnn.Bench.Denoising.DomainCheck.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "tv-timing")
{
    // The total-variation step alone on a 512 x 512 slice: milliseconds per slice (median of 9) at 5, 10 and 20 iterations.
    using var noGrad = no_grad();
    using var slice = rand(1, 1, 512, 512).mul(0.05).add(0.25);
    foreach (var iterations in new[] { 5, 10, 20 })
    {
        using var step = new RadCnn.Plugins.Denoising.Models.TotalVariationRefinement(0.005, iterations);
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                step.call(slice);
            }

            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(FormattableString.Invariant($"{{\"bench\": \"denoising-tv-timing\", \"threads\": {get_num_threads()}, \"iterations\": {iterations}, \"ms_per_512_slice\": {times.Order().ElementAt(times.Count / 2):F1}}}"));
    }

    // Through the engine as the plugin runs it: the default network with and without the step, alternating.
    var timingEngine = InferenceEngineFactory.Create(new EngineOptions { Device = "cpu" });
    var weightBytes = File.ReadAllBytes(BenchContext(args[1], timingEngine, DenoisingPlugin.DefaultModel).GetModelPath(DenoisingPlugin.DefaultModel));
    var plain = timingEngine.Register(new ModelRegistration("plain", () => new RadCnn.Plugins.Denoising.Models.DenoiserBlend(RadCnn.Plugins.Denoising.Models.ModelLoader.Load(DenoisingPlugin.DefaultModel, weightBytes), null, 1, null), [1, 512, 512], ModelOutputKind.Image) { InputRange = (0, 1) });
    var stepped = timingEngine.Register(new ModelRegistration("stepped", () => new RadCnn.Plugins.Denoising.Models.DenoiserBlend(RadCnn.Plugins.Denoising.Models.ModelLoader.Load(DenoisingPlugin.DefaultModel, weightBytes), null, 1, new RadCnn.Plugins.Denoising.Models.TotalVariationRefinement(0.0025, 20)), [1, 512, 512], ModelOutputKind.Image) { InputRange = (0, 1) });
    var engineTimes = new Dictionary<string, List<double>> { ["plain"] = [], ["stepped"] = [] };
    using var one = slice[0];
    for (var i = 0; i < 12; i++)
    {
        foreach (var (name, handle) in new[] { ("plain", plain), ("stepped", stepped) })
        {
            var watch = Stopwatch.StartNew();
            using var result = await timingEngine.InferAsync(handle, one, InferencePriority.Routine, CancellationToken.None);
            if (i > 1)
            {
                engineTimes[name].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
    }

    Console.WriteLine(FormattableString.Invariant($"{{\"bench\": \"denoising-tv-timing-engine\", \"plain_ms\": {engineTimes["plain"].Order().ElementAt(5):F1}, \"with_step_ms\": {engineTimes["stepped"].Order().ElementAt(5):F1}}}"));
    plain.Dispose();
    stepped.Dispose();
    await ((IAsyncDisposable)timingEngine).DisposeAsync();
    return;
}

if (args.Length > 0 && args[0] == "select")
{
    await RadCnn.Bench.Denoising.Selection.RunAsync(args);
    return;
}

var folder = args[0];
var script = args[1];
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4242;
var dose = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0.1;
var modelName = args.Length > 5 ? args[5] : DenoisingPlugin.DefaultModel;
const int Size = BenchSlices.Size;
var options = new EngineOptions { Device = "cpu" };
var epsilon = options.FgsmEpsilon;
var engine = InferenceEngineFactory.Create(options);
await using var plugin = new DenoisingPlugin();
await plugin.InitializeAsync(BenchContext(folder, engine, modelName), CancellationToken.None);
var sparseViews = int.Parse(Environment.GetEnvironmentVariable("RADCNN_BENCH_SPARSE_VIEWS") ?? "1", CultureInfo.InvariantCulture);
var alsoName = Environment.GetEnvironmentVariable("RADCNN_BENCH_ALSO");
await using var also = alsoName is null ? null : new DenoisingPlugin();
if (also is not null)
{
    await also.InitializeAsync(BenchContext(folder, engine, alsoName!, scored: false), CancellationToken.None);
}

var figures = Environment.GetEnvironmentVariable("RADCNN_BENCH_FIGURES");
long[] probeShape = [1, DenoisingPlugin.ProbeSide, DenoisingPlugin.ProbeSide];
var identityProbe = engine.Register(new ModelRegistration("identity-probe", () => nn.Identity(), probeShape, ModelOutputKind.Image) { InputRange = (0, 1) });
var gaussianProbe = engine.Register(new ModelRegistration("gaussian-probe", () => new GaussianFilter(1.5), probeShape, ModelOutputKind.Image) { InputRange = (0, 1) });

async Task<JsonNode> EvaluateAsync(LowDoseCtGenerator generator)
{
    var cases = BenchSlices.Generate(generator, seed, count);
    var directory = Directory.CreateTempSubdirectory("radcnn-bench-denoising-");
    var changes = new List<double>();
    var identityChanges = new List<double>();
    var gaussianChanges = new List<double>();
    var watch = new Stopwatch();
    for (var i = 0; i < count; i++)
    {
        var c = cases[i];
        watch.Start();
        var cnn = await plugin.DenoiseAsync(c.LowDose, Size, Size, CancellationToken.None);
        watch.Stop();
        Write(directory.FullName, i, "low", c.LowDose);
        Write(directory.FullName, i, "standard", c.StandardDose);
        Write(directory.FullName, i, "truth", c.Truth);
        Write(directory.FullName, i, "cnn", cnn);
        if (also is not null)
        {
            Write(directory.FullName, i, "also", await also.DenoiseAsync(c.LowDose, Size, Size, CancellationToken.None));
        }

        File.WriteAllBytes(Path.Combine(directory.FullName, $"{i}.uniform.u8"), c.Anatomy.UniformMask);
        changes.Add(await RelativeChangeAsync(c.LowDose));
        identityChanges.Add(await ReferenceChangeAsync(identityProbe, c.LowDose));
        gaussianChanges.Add(await ReferenceChangeAsync(gaussianProbe, c.LowDose));
    }

    var meta = new { size = Size, count, also = alsoName, sparse_views = sparseViews, lesions = cases.Select(c => c.Anatomy.Lesions.Select(l => new { row = l.Row, column = l.Column, radiusPixels = l.RadiusPixels, contrastHu = l.ContrastHu })) };
    File.WriteAllText(Path.Combine(directory.FullName, "meta.json"), JsonSerializer.Serialize(meta));
    var python = Process.Start(new ProcessStartInfo("python3", figures is null ? [script, directory.FullName] : [script, directory.FullName, Path.Combine(figures, $"{generator.Name}-{modelName}.png")]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var stdout = await python.StandardOutput.ReadToEndAsync();
    var stderr = await python.StandardError.ReadToEndAsync();
    await python.WaitForExitAsync();
    if (Environment.GetEnvironmentVariable("RADCNN_BENCH_KEEP") is null)
    {
        directory.Delete(recursive: true);
    }
    else
    {
        Console.Error.WriteLine($"kept {directory.FullName}");
    }

    if (python.ExitCode != 0)
    {
        throw new InvalidOperationException("classical_filters.py failed: " + stderr);
    }

    var node = JsonNode.Parse(stdout)!;
    node["generator"] = generator.Name;
    node["slices"] = count;
    node["sparse_views"] = sparseViews;
    node["low_dose_views"] = cases[0].Parameters["low_dose_views"];
    node["seconds_per_256_slice"] = Math.Round(watch.Elapsed.TotalSeconds / count, 3);
    node["fgsm_relative_change_mean"] = Math.Round(changes.Average(), 4);
    node["fgsm_relative_change_max"] = Math.Round(changes.Max(), 4);
    node["fgsm_identity_change_mean"] = Math.Round(identityChanges.Average(), 4);
    node["fgsm_identity_change_min"] = Math.Round(identityChanges.Min(), 4);
    node["fgsm_gaussian_1_5px_change_mean"] = Math.Round(gaussianChanges.Average(), 4);
    node["fgsm_change_over_identity_mean"] = Math.Round(changes.Zip(identityChanges).Average(p => p.First / p.Second), 3);
    return node;
}

async Task<double> RelativeChangeAsync(float[] hu)
{
    var report = await plugin.ProbeAsync(hu, Size, Size, CancellationToken.None);
    return 1 - report.Agreement;
}

// References for the probe on the same crops, through the same engine probe (a zero-mean attack on the
// output's deviation): the identity (what doing nothing reports, about epsilon over the crop's RMS) and
// a plain Gaussian filter of sigma 1.5 px (what a linear smoother keeps of the attack: about 0.7 of it).
Task<double> ReferenceChangeAsync(IModelHandle model, float[] hu) => Selection.ChangeAsync(engine, model, hu);

// slices = 0: the timing alone (no phantoms scored).
JsonNode? body = count == 0 ? null : await EvaluateAsync(BenchSlices.Body(dose, sparseViews));
JsonNode? inserts = count == 0 ? null : await EvaluateAsync(BenchSlices.Inserts(dose, sparseViews));

// Time on a clinical-size slice: content does not change the cost, so a 512 slice is four 256 phantoms side by side.
var big = new float[512 * 512];
var source = BenchSlices.Body(dose, sparseViews).Generate(seed, 0).LowDose;
for (var r = 0; r < 512; r++)
{
    for (var c = 0; c < 512; c++)
    {
        big[(r * 512) + c] = source[((r % Size) * Size) + (c % Size)];
    }
}

await plugin.DenoiseAsync(big, 512, 512, CancellationToken.None);
// CPU seconds beside wall seconds: on the shared 2-core machine the wall time mostly measures the
// other processes' load, the CPU time what the slice costs (the wall time on 2 idle cores is about half).
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var timer = Stopwatch.StartNew();
const int TimedSlices = 3;
for (var i = 0; i < TimedSlices; i++)
{
    await plugin.DenoiseAsync(big, 512, 512, CancellationToken.None);
}

var perSlice = timer.Elapsed.TotalSeconds / TimedSlices;
var cpuPerSlice = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / TimedSlices;

// The floor: the bare network over the whole 512 slice (no tiles, no engine, no HU conversion), in the
// channels-last layout the plugin runs and in the default layout beside it (alternating, same process).
JsonObject bare;
using (var scope = NewDisposeScope())
{
    using var net = RadCnn.Plugins.Denoising.Models.ModelLoader.Load(modelName, File.ReadAllBytes(BenchContext(folder, engine, modelName).GetModelPath(modelName)));
    net.eval();
    var x = tensor(big, [1, 1, 512, 512]).div(4000f).add(0.25f);
    bare = LayoutTiming.Compare(on => RadCnn.Plugins.Denoising.Models.ModelLoader.SetChannelsLast(net, on), () => net.call(x), TimedSlices);
}

Console.WriteLine(JsonSerializer.Serialize(new JsonObject
{
    ["bench"] = "denoising",
    ["model"] = modelName,
    ["settings"] = BenchSettings.Text,
    ["also"] = alsoName,
    ["sparse_views"] = sparseViews,
    ["seed"] = seed,
    ["dose_fraction"] = dose,
    ["threads"] = get_num_threads(),
    ["tile"] = plugin.Tile,
    ["overlap"] = plugin.Overlap,
    ["fgsm_epsilon"] = epsilon,
    ["fgsm_epsilon_hu"] = epsilon * DenoisingRecipeBase.Window.WindowWidth,
    ["seconds_per_512_slice"] = Math.Round(perSlice, 3),
    ["seconds_for_300_slices_512"] = Math.Round(perSlice * 300, 1),
    ["cpu_seconds_per_512_slice"] = Math.Round(cpuPerSlice, 3),
    ["bare_network_cpu_seconds_per_512_slice"] = bare["channels_last_median_cpu_seconds"]!.DeepClone(),
    ["bare_network_seconds_per_512_slice"] = bare["channels_last_median_seconds"]!.DeepClone(),
    ["bare_network_default_layout_cpu_seconds_per_512_slice"] = bare["default_layout_median_cpu_seconds"]!.DeepClone(),
    ["bare_network_default_layout_seconds_per_512_slice"] = bare["default_layout_median_seconds"]!.DeepClone(),
    ["layout_max_difference_hu"] = Math.Round((double)bare["max_output_difference"]! * 4000, 4),
    ["body"] = body,
    ["inserts"] = inserts,
    ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
}));
identityProbe.Dispose();
gaussianProbe.Dispose();
await ((IAsyncDisposable)engine).DisposeAsync();

static void Write(string directory, int index, string name, float[] values) =>
    File.WriteAllBytes(Path.Combine(directory, $"{index}.{name}.f32"), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

// The plugin's context as the host would give it: the chosen model, the probe off, tiling from the environment; the
// scored model (not RADCNN_BENCH_ALSO's) also takes RADCNN_BENCH_SETTINGS (BenchSettings).
static PluginTestContext BenchContext(string folder, IInferenceEngine engine, string model, bool scored = true)
{
    var settings = new Dictionary<string, string?>
    {
        ["Probe"] = "false",
        ["Model"] = model,
        ["Tile"] = Environment.GetEnvironmentVariable("RADCNN_BENCH_TILE"),
        ["Overlap"] = Environment.GetEnvironmentVariable("RADCNN_BENCH_OVERLAP"),
    };
    return new(folder, engine, scored ? BenchSettings.Over(settings) : settings);
}
