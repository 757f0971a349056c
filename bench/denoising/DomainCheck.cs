using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.Plugins.Denoising;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Bench.Denoising;

/// <summary>
/// `RadCnn.Bench.Denoising domain PLUGIN_FOLDER LABEL=FOLDER...`: every CT series under each folder (grouped by
/// Series Instance UID) through the plugin as the service runs it (probe off; RADCNN_BENCH_SETTINGS apply, e.g.
/// MaximumPixelSpacingMm=4 to see what the network does to pixels the plugin refuses by default), and what its result
/// says of the noise in homogeneous regions: input and output SD, the reduction and the median HU shift, and the status.
/// One JSON line per folder label with every series' figures, so the plugin's bars can be read off validation data.
/// RADCNN_BENCH_KEEP=DIR saves each derived series under DIR/LABEL/N.
/// </summary>
internal static class DomainCheck
{
    public static async Task RunAsync(string[] args)
    {
        var folder = args[1];
        var engine = InferenceEngineFactory.Create(new EngineOptions { Device = "cpu" });
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new PluginTestContext(folder, engine, BenchSettings.Over(new Dictionary<string, string?> { ["Probe"] = "false" })), CancellationToken.None);
        foreach (var labelled in args.Skip(2))
        {
            var equals = labelled.IndexOf('=', StringComparison.Ordinal);
            var (label, directory) = equals > 0 ? (labelled[..equals], labelled[(equals + 1)..]) : (Path.GetFileName(labelled), labelled);
            var series = Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories)
                .Select(p => DicomFile.Open(p))
                .Where(f => f.Dataset.GetStringOrDefault(DicomTag.Modality, string.Empty) == "CT")
                .GroupBy(f => f.Dataset.GetString(DicomTag.SeriesInstanceUID))
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            var rows = new JsonArray();
            foreach (var group in series)
            {
                var result = await plugin.ProcessAsync(DicomSeries.FromFiles(group.ToList()), CancellationToken.None);
                var reported = result.Files.FirstOrDefault(f => f.Name == "result.json") is { } file ? JsonNode.Parse(file.Content.Span) : null;
                var noise = reported?["noise"];
                if (Environment.GetEnvironmentVariable("RADCNN_BENCH_KEEP") is { Length: > 0 } keep)
                {
                    // The derived slices beside their sources' names, for a look at where the figures come from.
                    var kept = Directory.CreateDirectory(Path.Combine(keep, label, rows.Count.ToString(CultureInfo.InvariantCulture)));
                    for (var i = 0; i < result.DicomObjects.Count; i++)
                    {
                        new DicomFile(result.DicomObjects[i]).Save(Path.Combine(kept.FullName, string.Create(CultureInfo.InvariantCulture, $"{i:D4}.dcm")));
                    }
                }

                var first = group.First().Dataset;
                rows.Add(new JsonObject
                {
                    ["slices"] = group.Count(),
                    ["rows"] = first.GetSingleValueOrDefault(DicomTag.Rows, 0),
                    ["pixel_spacing_mm"] = first.TryGetValues<double>(DicomTag.PixelSpacing, out var spacing) ? Math.Round(spacing[0], 3) : null,
                    ["status"] = result.Status.ToString(),
                    ["input_sd_hu"] = noise?["inputSdHu"]?.DeepClone(),
                    ["output_sd_hu"] = noise?["outputSdHu"]?.DeepClone(),
                    ["reduction"] = noise?["reduction"]?.DeepClone(),
                    ["mean_shift_hu"] = noise?["meanShiftHu"]?.DeepClone(),
                    ["message"] = result.Status == RadCnn.Abstractions.Results.PluginResultStatus.Succeeded ? null : result.Message,
                });
            }

            Console.WriteLine(JsonSerializer.Serialize(new JsonObject
            {
                ["bench"] = "denoising-domain",
                ["label"] = label,
                ["settings"] = BenchSettings.Text,
                ["series"] = rows.Count,
                ["succeeded"] = rows.Count(r => (string)r!["status"]! == "Succeeded"),
                ["min_reduction"] = rows.Select(r => (double?)r!["reduction"]).Min(),
                ["max_abs_shift_hu"] = rows.Select(r => r!["mean_shift_hu"] is null ? (double?)null : Math.Abs((double)r["mean_shift_hu"]!)).Max(),
                ["rows"] = rows,
            }));
        }

        await ((IAsyncDisposable)engine).DisposeAsync();
    }
}
