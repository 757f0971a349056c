using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.Plugins.Denoising;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Bench.Denoising;

/// <summary>
/// `RadCnn.Bench.Denoising series PLUGIN_FOLDER [slices=300] [seed=4242] [dose=0.1] [model]`: the issue's
/// figure end to end, a whole 512 × 512 low-dose series from files to files on this CPU: read and parse the
/// instances, the plugin's own path (decode, every slice through the shared engine, the noise region, the FGSM
/// probe as the service runs it, the derived series built), and each result instance encoded as the host's
/// outbox does. Each slice is a held-out 256 phantom slice at twice the matrix (content does not
/// change the cost; eight different slices in turn keep it a series). The networks' channels-last feature maps and
/// the default layout alternate (RADCNN_BENCH_ROUNDS rounds of each, fresh engines, the same files). One JSON line:
/// each layout's median seconds and every run with its stages' seconds and the process's peak RSS so far (the first
/// run's is the series' own: the files read, the plugin's working memory and the encoded results together).
/// </summary>
internal static class SeriesTiming
{
    public static async Task RunAsync(string[] args)
    {
        var folder = args[1];
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
        var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4242;
        var dose = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0.1;
        var model = args.Length > 5 ? args[5] : DenoisingPlugin.DefaultModel;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("RADCNN_BENCH_ROUNDS"), out var r) ? r : 1;
        var directory = Directory.CreateTempSubdirectory("radcnn-bench-denoising-series-");
        try
        {
            WriteSeries(directory.FullName, count, seed, dose);
            // The shipped (channels-last) feature maps and the default layout, alternating, in fresh engines.
            var runs = new JsonArray();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var channelsLast in new[] { true, false })
                {
                    ModelLoader.ChannelsLastByDefault = channelsLast;
                    var run = await TimeAsync(folder, model, directory.FullName, count);
                    run["layout"] = channelsLast ? "channels-last" : "default";
                    runs.Add(run);
                }
            }

            ModelLoader.ChannelsLastByDefault = true;
            double Median(string layout) => runs.Where(n => (string)n!["layout"]! == layout).Select(n => (double)n!["seconds"]!).Order().ElementAt(rounds / 2);
            Console.WriteLine(JsonSerializer.Serialize(new JsonObject
            {
                ["bench"] = "denoising-series",
                ["model"] = model,
                ["settings"] = BenchSettings.Text,
                ["slices"] = count,
                ["rows"] = 512,
                ["columns"] = 512,
                ["goal_seconds"] = 60,
                ["seconds"] = Median("channels-last"),
                ["default_layout_seconds"] = Median("default"),
                ["runs"] = runs,
                ["threads"] = TorchSharp.torch.get_num_threads(),
                ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
            }));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<JsonObject> TimeAsync(string folder, string model, string directory, int count)
    {
        var engine = InferenceEngineFactory.Create(new EngineOptions { Device = "cpu" });
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new PluginTestContext(folder, engine, BenchSettings.Over(new Dictionary<string, string?> { ["Model"] = model })), CancellationToken.None);
        var total = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var files = Directory.GetFiles(directory, "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p)).ToList();
        var read = total.Elapsed.TotalSeconds;
        var result = await plugin.ProcessAsync(DicomSeries.FromFiles(files), CancellationToken.None);
        var process = total.Elapsed.TotalSeconds - read;
        var bytes = 0L;
        foreach (var dataset in result.DicomObjects)
        {
            using var buffer = new MemoryStream();
            new DicomFile(dataset).Save(buffer);
            bytes += buffer.Length;
        }

        var seconds = total.Elapsed.TotalSeconds;
        var write = seconds - read - process;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var reported = JsonNode.Parse(result.Files.Single(f => f.Name == "result.json").Content.Span)!;
        await ((IAsyncDisposable)engine).DisposeAsync();
        return new JsonObject
        {
            ["status"] = result.Status.ToString(),
            ["seconds"] = Math.Round(seconds, 2),
            ["seconds_per_slice"] = Math.Round(seconds / count, 4),
            ["cpu_seconds"] = Math.Round(cpu, 2),
            ["read_seconds"] = Math.Round(read, 2),
            ["plugin_seconds"] = Math.Round(process, 2),
            ["write_seconds"] = Math.Round(write, 2),
            ["plugin_share"] = Math.Round(process / seconds, 3),
            ["derived_instances"] = result.DicomObjects.Count,
            ["derived_megabytes"] = Math.Round(bytes / 1e6, 1),
            ["noise_reduction"] = reported["noise"]?["reduction"]?.DeepClone(),
            // The process's peak resident set (VmHWM) so far: the first run of a process is the series' own figure.
            ["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 >> 20,
            ["fgsm_relative_change"] = reported["robustness"]?["relativeChange"]?.DeepClone(),
            ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?",
        };
    }

    // The series on disk as a scanner would send it: one CT instance per slice, its own position and number.
    private static void WriteSeries(string directory, int count, int seed, double dose)
    {
        const int Size = BenchSlices.Size;
        var sources = BenchSlices.Generate(BenchSlices.Body(dose), seed, 8);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var s = 0; s < count; s++)
        {
            // Each 256 phantom pixel as 2 x 2 pixels of 0.5x the spacing: the body centred and filling the slice as in a
            // scan (the FGSM probe's crop lies at the slice's centre), eight different phantom slices in turn.
            var source = sources[s % sources.Length].LowDose;
            var slice = new float[4 * Size * Size];
            for (var r = 0; r < 2 * Size; r++)
            {
                for (var c = 0; c < 2 * Size; c++)
                {
                    slice[(r * 2 * Size) + c] = source[((r / 2) * Size) + (c / 2)];
                }
            }

            var template = sources[0];
            var phantom = new LowDoseCtCase
            {
                Id = template.Id,
                PatientKey = template.PatientKey,
                Patient = template.Patient,
                Slice = s,
                Size = 2 * Size,
                PixelSpacingMm = template.PixelSpacingMm / 2,
                DoseFraction = dose,
                Truth = [],
                StandardDose = [],
                LowDose = slice,
                Anatomy = template.Anatomy,
                Parameters = template.Parameters,
            };
            var dataset = CtSliceDicomWriter.ToDataset(phantom, "body-512", seed, "low-dose", slice, created);
            new DicomFile(dataset).Save(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{s:D4}.dcm")));
        }
    }
}
