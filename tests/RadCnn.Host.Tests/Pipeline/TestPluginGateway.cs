using System.Collections.Concurrent;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// In-process test plugins behind the pipeline's gateway: "noop" (CT and MR: one finding, a secondary
/// capture), "reporter" (ctpa reports) and "thrower" (MR, always throws). Counts every call.
/// </summary>
internal sealed class TestPluginGateway : IPluginGateway
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RoutablePlugin> Active() =>
    [
        new("noop", "1.0.0", 1, i => i.Kind == WorkItemKind.Series && i.Modality is "CT" or "MR"),
        new("reporter", "1.0.0", 1, i => i.Kind == WorkItemKind.Report && i.ReportKind == "ctpa"),
        new("thrower", "0.1.0", 2, i => i.Kind == WorkItemKind.Series && i.Modality == "MR"),
    ];

    public async Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken)
    {
        var key = item switch
        {
            ImageSeriesWorkItem s => $"{pluginId}|{s.SeriesInstanceUid}|{s.Instances.Count}",
            ReportWorkItem r => $"{pluginId}|report|{r.Kind}",
            _ => pluginId,
        };
        Calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        switch (pluginId)
        {
            case "thrower":
                throw new InvalidOperationException("the test plugin always fails");
            case "reporter":
                var report = (ReportWorkItem)item;
                return new PluginRun("reporter", "1.0.0", PluginRunOutcome.Succeeded,
                    new PluginResult { Findings = [new Finding("PE", "Pulmonary embolism", report.Text.Contains("defect", StringComparison.Ordinal) ? 0.9 : 0.1)] },
                    TimeSpan.FromMilliseconds(1)) { Summary = "test report classifier" };
            default:
                var series = (ImageSeriesWorkItem)item;
                var volume = await series.GetVolumeAsync(cancellationToken);
                var capture = new DicomDataset();
                capture.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
                capture.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
                capture.AddOrUpdate(DicomTag.StudyInstanceUID, series.StudyInstanceUid);
                capture.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomUid.Generate().Value);
                capture.AddOrUpdate(DicomTag.Modality, "OT");
                return new PluginRun("noop", "1.0.0", PluginRunOutcome.Succeeded,
                    new PluginResult
                    {
                        Findings = [new Finding("NOOP", "Slices seen", volume.Slices / 100.0) { Robustness = new RobustnessReport(0.01, true, 0.005, 0, true) }],
                        Measurements = [new Measurement("slices", volume.Slices, "1")],
                        Files = [new OutputFile("summary.txt", "text/plain", "ok"u8.ToArray())],
                        DicomObjects = [capture],
                    },
                    TimeSpan.FromMilliseconds(1)) { Summary = "test no-op" };
        }
    }
}
