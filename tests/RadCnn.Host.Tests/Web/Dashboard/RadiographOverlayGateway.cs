using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Web.Dashboard;

/// <summary>
/// A test plugin for radiographs (DX): one finding with its robustness, a DICOM Segmentation of a
/// disc in the upper left of the image, and a heat-map picture, as the detection plugin returns them.
/// </summary>
internal sealed class RadiographOverlayGateway : IPluginGateway
{
    public const string PluginId = "radiograph";

    public IReadOnlyList<RoutablePlugin> Active() => [new(PluginId, "1.0.0", 1, i => i.Kind == WorkItemKind.Series && i.Modality == "DX")];

    public async Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken)
    {
        var series = (ImageSeriesWorkItem)item;
        var volume = await series.GetVolumeAsync(cancellationToken);
        var (rows, columns) = (volume.Rows, volume.Columns);
        var mask = new float[volume.Slices * rows * columns];
        var heat = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var inside = Math.Pow(r - (rows / 3.0), 2) + Math.Pow(c - (columns / 3.0), 2) < Math.Pow(rows / 6.0, 2);
                heat[(r * columns) + c] = inside ? 1 : 0;
                for (var s = 0; s < volume.Slices; s++)
                {
                    mask[(s * rows * columns) + (r * columns) + c] = inside ? 1 : 0;
                }
            }
        }

        var algorithm = new AlgorithmIdentity(PluginId, "1.0.0") { DisplayName = "Test radiograph reader" };
        var segmentation = new SegmentationBuilder(series.Instances, algorithm)
            .AddSegment(new SegmentDefinition("Opacity", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass), mask)
            .Build();
        var picture = new HeatmapOverlayBuilder(series.Instances[0], volume.Voxels[..(rows * columns)].ToArray(), algorithm).RenderPng(heat, rows, columns);
        return new PluginRun(PluginId, "1.0.0", PluginRunOutcome.Succeeded,
            new PluginResult
            {
                Findings = [new Finding("TB", "Tuberculosis", 0.87) { Robustness = new RobustnessReport(0.02, false, 0.11, 0.98, false) }],
                DicomObjects = [segmentation.Dataset],
                Files = [new OutputFile("heatmap-1.png", "image/png", picture)],
            },
            TimeSpan.FromMilliseconds(3)) { Summary = "test radiograph reader" };
    }
}
