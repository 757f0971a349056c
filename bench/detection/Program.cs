using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine;
using RadCnn.Plugins.Detection;
using RadCnn.Plugins.Detection.Models;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Decisions;
using RadCnn.Training.Inference;
using RadCnn.Training.Metrics;
using RadCnn.Training.Models;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms;

// Usage: RadCnn.Bench.Detection PLUGIN_FOLDER BASELINE_FOLDER [images=100] [seed=4242] [CANDIDATE_FOLDER...]
// Three models: "before" (BASELINE_FOLDER: the earlier weights decided at 0.5, as the plugin did),
// "after_adversarial_training" (its sibling folder adversarial/: fine-tuned with domain randomisation
// and FGSM examples, threshold and temperature from validation) and "shipped" (the plugin's own model/).
// The same held-out cases for all: phantoms of the training generator (default settings) and
// radiographs of the independent second generator, which neither model ever saw. Each further folder
// (model.bin + model.json of a training run) is measured the same way as "candidate:FOLDER".
var folder = args[0];
var baseline = args[1];
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4242;
var options = new EngineOptions { Device = "cpu" };
var epsilon = options.FgsmEpsilon;
await using var engine = InferenceEngineFactory.Create(options);
var plain = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
var alternate = new AlternateChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
var sets = new (string Name, List<PhantomCase> Cases)[]
{
    ("phantoms", Enumerable.Range(0, count).Select(i => plain.Generate(seed, i)).ToList()),
    ("second_generator", Enumerable.Range(0, count).Select(i => alternate.Generate(seed, i)).ToList()),
};

async Task<Dictionary<string, object>> MeasureAsync(string? modelFolder)
{
    var result = new Dictionary<string, object>(StringComparer.Ordinal);
    await using (var fast = new TuberculosisPlugin())
    {
        await fast.InitializeAsync(new BenchContext(folder, modelFolder, engine, probe: false), CancellationToken.None);
        var first = sets[0].Cases[0];
        await fast.ReadAsync(Array.ConvertAll(first.Pixels, v => (float)v), first.Height, first.Width, false, CancellationToken.None); // warm-up
        var watch = Stopwatch.StartNew();
        foreach (var phantom in sets[0].Cases)
        {
            await fast.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, false, CancellationToken.None);
        }

        result["ms_per_radiograph_without_probe"] = Math.Round(watch.Elapsed.TotalMilliseconds / count, 1);
    }

    await using var plugin = new TuberculosisPlugin();
    await plugin.InitializeAsync(new BenchContext(folder, modelFolder, engine, probe: true), CancellationToken.None);
    foreach (var (name, cases) in sets)
    {
        var watch = Stopwatch.StartNew();
        var readings = new List<ImageReading>();
        foreach (var phantom in cases)
        {
            readings.Add(await plugin.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, false, CancellationToken.None));
        }

        var ms = watch.Elapsed.TotalMilliseconds / count;
        var probabilities = readings.Select(r => r.Probability).ToList();
        var labels = cases.Select(c => c.Label).ToList();
        var decided = readings.Select(r => r.Positive ? 1.0 : 0.0).ToList();
        var confusion = BinaryConfusion.At(decided, labels, 0.5);
        result[name] = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = Math.Round(RocAnalysis.Compute(probabilities, labels).Auc, 4),
            ["sensitivity"] = Math.Round(confusion.Sensitivity, 4),
            ["specificity"] = Math.Round(confusion.Specificity, 4),
            ["ece"] = Math.Round(CalibrationError.Expected(probabilities, labels), 4),
            ["fgsm_flip_share"] = Math.Round(readings.Count(r => r.Robustness!.FlipsAtEpsilon) / (double)count, 4),
            ["fragile_share"] = Math.Round(readings.Count(r => r.Robustness!.Fragile) / (double)count, 4),
            ["out_of_distribution_share"] = Math.Round(readings.Count(r => r.OutOfDistribution) / (double)count, 4),
            ["ms_per_radiograph_with_probe"] = Math.Round(ms, 1),
        };
    }

    return result;
}

var before = await MeasureAsync(baseline);
var adversarial = await MeasureAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(baseline))!, "adversarial"));
var shipped = await MeasureAsync(null);
var candidates = new Dictionary<string, object>(StringComparer.Ordinal);
foreach (var candidate in args.Skip(4))
{
    candidates[candidate] = await MeasureAsync(Path.GetFullPath(candidate));
}

// The shipped ensemble bare, on one radiograph and on the engine's largest batch (16), in the channels-last layout it
// infers in and in the default layout beside it (alternating, same process).
using var ensemble = ModuleWeights.Load(new TuberculosisEnsemble(EnsembleOutput.Ensemble), File.ReadAllBytes(Path.Combine(folder, "model", "model.bin")));
var one = TorchSharp.torch.rand(1, 1, TuberculosisRecipeBase.PhantomSize, TuberculosisRecipeBase.PhantomSize);
var sixteen = TorchSharp.torch.rand(16, 1, TuberculosisRecipeBase.PhantomSize, TuberculosisRecipeBase.PhantomSize);
var layouts = new JsonObject
{
    ["ensemble_one_radiograph"] = LayoutTiming.Compare(on => ensemble.UseChannelsLast = on, () => ensemble.call(one), 100),
    ["ensemble_batch_of_16"] = LayoutTiming.Compare(on => ensemble.UseChannelsLast = on, () => ensemble.call(sixteen), 30),
};

Console.WriteLine(JsonSerializer.Serialize(new
{
    bench = "detection",
    images_per_set = count,
    seed,
    image_rows = TuberculosisRecipeBase.PhantomSize,
    threads = TorchSharp.torch.get_num_threads(),
    fgsm_epsilon = epsilon,
    before = before,
    after_adversarial_training = adversarial,
    shipped = shipped,
    candidates = candidates,
    bare_network_layouts = layouts,
    load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
}));

/// <summary>The plugin folder as the host would give it; <c>modelFolder</c> swaps in other weights and model.json.</summary>
internal sealed class BenchContext(string folder, string? modelFolder, IInferenceEngine engine, bool probe)
    : PluginTestContext(folder, engine, new Dictionary<string, string?> { ["Probe"] = probe.ToString() })
{
    public override string GetModelPath(string name) => modelFolder is null ? base.GetModelPath(name) : Path.Combine(modelFolder, "model.bin");
}
