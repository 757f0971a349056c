using System.Globalization;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Samples.HelloPlugin;

/// <summary>
/// The smallest useful plugin: for an image series it measures the volume's mean value and extent;
/// for a report it counts words. It shows the contract's shape; a real task registers its networks
/// with <see cref="IPluginContext.Engine"/> in <see cref="InitializeAsync"/> (see docs/plugins.md).
/// </summary>
public sealed class HelloPlugin : IRadCnnPlugin
{
    private IPluginContext? _context;

    public PluginDescription Describe() => new("Says hello: volume statistics for image series, word counts for reports")
    {
        IntendedUse = "Sample for plugin authors; not for clinical use.",
        FindingCodes = ["HELLO"],
    };

    // The manifest already limits modalities; this refines it without touching pixel data.
    public bool Accepts(WorkItem item) => item is not ImageSeriesWorkItem series || series.Instances.Count > 0 || series.Modality == "OT";

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        _context = context;
        context.Logger.LogInformation("Hello plugin {Version} ready on {Device}", context.Manifest.Version, context.Engine.DeviceName);
        return ValueTask.CompletedTask;
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case ImageSeriesWorkItem series:
                var volume = await series.GetVolumeAsync(cancellationToken);
                var mean = Mean(volume.Voxels.Span);
                return new PluginResult
                {
                    Findings = [new Finding("HELLO", "Hello, series", 1.0)],
                    Measurements =
                    [
                        new Measurement("mean value", mean, volume.Unit ?? "1"),
                        new Measurement("extent along slices", volume.Slices * volume.Spacing.Z, "mm"),
                    ],
                };
            case ReportWorkItem report:
                // Analyse the text, never log or echo it: it is patient data.
                var words = report.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                return new PluginResult
                {
                    Findings = [new Finding("HELLO", "Hello, report", 1.0)],
                    Measurements = [new Measurement("word count", words, "{words}")],
                };
            default:
                return PluginResult.NotApplicable(string.Create(CultureInfo.InvariantCulture, $"{item.GetType().Name} is not handled"));
        }
    }

    public ValueTask DisposeAsync()
    {
        _context = null;
        return ValueTask.CompletedTask;
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }
}
