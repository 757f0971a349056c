using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.SeriesAssembly;

// Usage: RadCnn.Bench.PluginIsolation PLUGIN_FOLDER WORK_FOLDER [images=20] [size=512]
// The same radiographs (DICOM files from `radcnn phantom cxr`) through the tuberculosis plugin in
// process and out of process, alternating, after one warm-up call each; one JSON line.
const string PluginId = "radcnn.detection.tb";
var folder = args[0];
var work = args[1];
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var size = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 512;
var phantoms = Path.Combine(work, "phantoms");
if (await CliApplication.RunAsync(["phantom", "cxr", "--count", count.ToString(CultureInfo.InvariantCulture), "--seed", "5150", "--size", size.ToString(CultureInfo.InvariantCulture), "--out", phantoms]) != 0)
{
    throw new InvalidOperationException("radcnn phantom cxr failed");
}

var images = Directory.GetFiles(phantoms, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
using var host = ServiceHostBuilder.Create([$"--RadCnn:DataDirectory={Path.Combine(work, "var")}", "--RadCnn:Engine:Device=cpu"], null).Build();
var engine = host.Services.GetRequiredService<IInferenceEngine>();
var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["RadCnn:Engine:Device"] = "cpu" }).Build();

var clock = Stopwatch.StartNew();
await using var inProcess = await StartAsync(Path.Combine(work, "in"), isolated: false);
var startIn = clock.Elapsed.TotalSeconds;
clock.Restart();
await using var outOfProcess = await StartAsync(Path.Combine(work, "out"), isolated: true);
var startOut = clock.Elapsed.TotalSeconds;
var childPid = outOfProcess.Loaded(PluginId)!.HostProcessId!.Value;
var mechanism = outOfProcess.Loaded(PluginId)!.HostProcessLimit;

var timesIn = new List<double>();
var timesOut = new List<double>();
var disagreements = 0;
for (var i = -1; i < images.Count; i++)
{
    var image = images[Math.Max(i, 0)];
    var a = await TimeAsync(inProcess, image);
    var b = await TimeAsync(outOfProcess, image);
    if (i < 0)
    {
        continue; // warm-up: first call of each (model on the device, JIT)
    }

    timesIn.Add(a.Ms);
    timesOut.Add(b.Ms);
    if (Math.Abs(a.Probability - b.Probability) > 1e-5)
    {
        disagreements++;
    }
}

var childRss = ReadRssMegabytes(childPid);
double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
double P95(List<double> v) => v.Order().ElementAt(Math.Min(v.Count - 1, (int)Math.Ceiling(v.Count * 0.95) - 1));
var line = new Dictionary<string, object?>
{
    ["bench"] = "plugin-isolation",
    ["plugin"] = PluginId,
    ["images"] = images.Count,
    ["size"] = size,
    ["in_process_ms_median"] = Math.Round(Median(timesIn), 1),
    ["out_of_process_ms_median"] = Math.Round(Median(timesOut), 1),
    ["in_process_ms_p95"] = Math.Round(P95(timesIn), 1),
    ["out_of_process_ms_p95"] = Math.Round(P95(timesOut), 1),
    ["overhead_ms_median"] = Math.Round(Median(timesOut) - Median(timesIn), 1),
    ["overhead_percent"] = Math.Round(100 * (Median(timesOut) - Median(timesIn)) / Median(timesIn), 1),
    ["load_in_process_s"] = Math.Round(startIn, 2),
    ["load_out_of_process_s"] = Math.Round(startOut, 2),
    ["child_rss_mb"] = childRss,
    ["memory_limit"] = mechanism,
    ["probability_disagreements"] = disagreements,
};
Console.WriteLine(JsonSerializer.Serialize(line));
return 0;

async Task<PluginCatalog> StartAsync(string root, bool isolated)
{
    var plugins = Path.Combine(root, "plugins");
    var options = new PluginCatalogOptions { Directory = plugins, ShadowDirectory = Path.Combine(root, "shadow"), QuietPeriod = TimeSpan.FromMilliseconds(200) };
    if (isolated)
    {
        options.Isolation[PluginId] = "process";
    }

    foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
    {
        var to = Path.Combine(plugins, "tb", Path.GetRelativePath(folder, file));
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(file, to);
    }

    var catalog = new PluginCatalog(new PluginHostServices(options, engine, settings, NullLoggerFactory.Instance, TimeProvider.System), plugins);
    await catalog.StartAsync(CancellationToken.None);
    return catalog.Loaded(PluginId) is null ? throw new InvalidOperationException($"the plugin did not load: {string.Join("; ", catalog.GetStatus().Select(s => s.Reason))}") : catalog;
}

async Task<(double Ms, double Probability)> TimeAsync(PluginCatalog catalog, string path)
{
    var file = DicomFile.Open(path);
    var ds = file.Dataset;
    var item = new ImageSeriesWorkItem
    {
        Id = "bench-" + Path.GetFileNameWithoutExtension(path),
        StudyInstanceUid = ds.GetStringOrDefault(DicomTag.StudyInstanceUID),
        SeriesInstanceUid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID),
        Modality = ds.GetStringOrDefault(DicomTag.Modality, "DX"),
        SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
        BodyPartExamined = ds.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
        Instances = [ds],
        Volumes = new SeriesVolumeSource([file]),
    };
    using var lease = catalog.Acquire(PluginId)!;
    var watch = Stopwatch.StartNew();
    var run = await lease.RunAsync(item, CancellationToken.None);
    var ms = watch.Elapsed.TotalMilliseconds;
    return run.Outcome == PluginRunOutcome.Succeeded
        ? (ms, run.Result.Findings[0].Probability)
        : throw new InvalidOperationException($"the plugin failed: {run.Result.Message}");
}

static double? ReadRssMegabytes(int pid)
{
    try
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : Math.Round(double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024, 0);
    }
    catch (IOException)
    {
        return null;
    }
}
