using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;
using RadCnn.Engine;
using RadCnn.Plugins.Detection;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Phantoms;

// Usage: RadCnn.Bench.Detection PLUGIN_FOLDER [images=100] [seed=4242]
var folder = args[0];
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4242;
var options = new EngineOptions { Device = "cpu" };
var epsilon = options.FgsmEpsilon;
await using var engine = InferenceEngineFactory.Create(options);
var generator = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
var cases = Enumerable.Range(0, count).Select(i => generator.Generate(seed, i)).ToList();

async Task<(double MsPerImage, List<RadiographReading> Readings)> RunAsync(bool probe)
{
    await using var plugin = new TuberculosisPlugin();
    await plugin.InitializeAsync(new BenchContext(folder, engine, probe), CancellationToken.None);
    var first = cases[0];
    await plugin.ReadAsync(Array.ConvertAll(first.Pixels, v => (float)v), first.Height, first.Width, false, CancellationToken.None); // warm-up
    var readings = new List<RadiographReading>();
    var watch = Stopwatch.StartNew();
    foreach (var phantom in cases)
    {
        readings.Add(await plugin.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, false, CancellationToken.None));
    }

    return (watch.Elapsed.TotalMilliseconds / cases.Count, readings);
}

var without = await RunAsync(probe: false);
var with = await RunAsync(probe: true);
var flips = with.Readings.Count(r => r.Robustness!.FlipsAtEpsilon);
var fragile = with.Readings.Count(r => r.Robustness!.Fragile);
var positives = with.Readings.Zip(cases).Count(p => p.First.Positive == (p.Second.Label == 1));
Console.WriteLine(JsonSerializer.Serialize(new
{
    bench = "detection",
    images = count,
    seed,
    image_size = TuberculosisRecipeBase.PhantomSize,
    threads = TorchSharp.torch.get_num_threads(),
    ms_per_radiograph_without_probe = Math.Round(without.MsPerImage, 1),
    ms_per_radiograph_with_probe = Math.Round(with.MsPerImage, 1),
    fgsm_epsilon = epsilon,
    fgsm_flip_share = Math.Round((double)flips / count, 4),
    fragile_share = Math.Round((double)fragile / count, 4),
    accuracy_at_threshold = Math.Round((double)positives / count, 4),
    load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
}));

internal sealed class BenchContext(string folder, IInferenceEngine engine, bool probe) : IPluginContext, IServiceProvider, IConfiguration
{
    public PluginManifest Manifest { get; } = PluginManifest.Load(folder);

    public string PluginDirectory => folder;

    public IInferenceEngine Engine => engine;

    public ILogger Logger => NullLogger.Instance;

    public IConfiguration Configuration => this;

    public TimeProvider TimeProvider => TimeProvider.System;

    public IServiceProvider Services => this;

    public string? this[string key]
    {
        get => key == "Probe" ? probe.ToString(CultureInfo.InvariantCulture) : null;
        set => throw new NotSupportedException();
    }

    public string GetModelPath(string name) => Manifest.GetModelPath(folder, name);

    public object? GetService(Type serviceType) => null;

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
}
