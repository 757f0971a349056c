using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.Plugins.Segmentation;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--job-memory SERIES_DIR [--jobs 4] [--plugin FOLDER] [--probe True|False]`: the plugin's whole path (series read from DICOM files,
/// the cascade or the uterus network through the shared engine, probes, results built) run JOBS times in one
/// process, as a service runs one job after another, and after each job the process's memory split into what the
/// .NET heap holds and the rest (libtorch and other native memory): resident and peak resident set, the GC heap
/// and what the GC keeps committed, the bytes allocated during the job. Answers whether a service's memory after a
/// job is garbage not yet collected, managed memory kept, or native memory kept.
/// </summary>
internal static class JobMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var series = Option("--job-memory", string.Empty);
        var jobs = int.Parse(Option("--jobs", "4"), CultureInfo.InvariantCulture);
        var folder = Option("--plugin", "plugins/Segmentation/bin/Release/net10.0");
        var files = Directory.GetFiles(series, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var engine = InferenceEngineFactory.Create(new EngineOptions { Device = "cpu" });
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new PluginTestContext(folder, engine, new Dictionary<string, string?> { ["Probe"] = Option("--probe", "True") }), CancellationToken.None);
        var rows = new JsonArray { Snapshot("initialised", 0) };
        for (var job = 1; job <= jobs; job++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var result = await plugin.ProcessAsync(DicomSeries.FromFiles(files.Select(p => DicomFile.Open(p)).ToList()), CancellationToken.None);
            if (result.Status != RadCnn.Abstractions.Results.PluginResultStatus.Succeeded)
            {
                Console.Error.WriteLine($"job {job}: {result.Status}: {result.Message}");
                return 1;
            }

            result = null;
            var row = Snapshot($"after job {job}", GC.GetTotalAllocatedBytes(precise: false) - allocated);
            rows.Add(row);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            rows.Add(Snapshot($"after job {job}, full compacting GC", 0));
            Console.Error.WriteLine(rows[^2]!.ToJsonString() + Environment.NewLine + rows[^1]!.ToJsonString());
        }

        if (Environment.GetEnvironmentVariable("RADCNN_BENCH_PAUSE_SECONDS") is { } pause)
        {
            // Time to take a heap dump (dotnet-gcdump collect -p PID) of what the jobs left behind.
            Console.Error.WriteLine($"pid {Environment.ProcessId}: pausing {pause} s");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(pause, CultureInfo.InvariantCulture)));
        }

        await ((IAsyncDisposable)engine).DisposeAsync();
        Console.WriteLine(JsonSerializer.Serialize(new JsonObject
        {
            ["bench"] = "segmentation-job-memory",
            ["instances"] = files.Count,
            ["jobs"] = jobs,
            ["snapshots"] = rows,
            ["threads"] = TorchSharp.torch.get_num_threads(),
        }));
        return 0;
    }

    private static JsonObject Snapshot(string when, long allocatedBytes)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        var rss = process.WorkingSet64;
        var committed = info.TotalCommittedBytes;
        return new JsonObject
        {
            ["when"] = when,
            ["rss_mb"] = rss >> 20,
            ["peak_rss_mb"] = process.PeakWorkingSet64 >> 20,
            ["gc_heap_mb"] = info.HeapSizeBytes >> 20,
            ["gc_committed_mb"] = committed >> 20,
            ["rss_outside_gc_mb"] = (rss - committed) >> 20,
            ["allocated_during_job_mb"] = allocatedBytes >> 20,
        };
    }
}
