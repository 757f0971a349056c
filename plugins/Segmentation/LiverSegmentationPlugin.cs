using System.Globalization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation;

/// <summary>
/// Liver and liver masses on abdominal CT with cascaded 3D U-Nets: the liver on the whole abdomen at
/// 4 mm, then masses inside the liver's bounding box at 2.5 mm, both by sliding window through the
/// shared engine. Returns a DICOM SEG, an SR with the liver volume and each mass's volume, longest axial
/// diameter and FGSM robustness, a key image with contours, previews and result.json. Trained on
/// synthetic phantoms only: not for clinical use.
/// </summary>
public sealed class LiverSegmentationPlugin : IRadCnnPlugin
{
    public const string LiverModelName = "liver";

    public const string MassModelName = "liver-mass";

    /// <summary>At most this many masses are probed with FGSM (each probe costs a backward pass).</summary>
    private const int ProbedMasses = 6;

    private IPluginContext? context;
    private IModelHandle? liverHandle;
    private IModelHandle? massHandle;
    private CascadeSettings settings = new();
    private bool probe = true;

    public PluginDescription Describe() => new("Liver and liver masses on abdominal CT: DICOM SEG, liver volume, mass count, volumes, diameters and robustness.")
    {
        IntendedUse = "Research demonstration on synthetic abdominal CT phantoms; not for clinical use.",
        FindingCodes = [ResultCodes.Liver.Value, ResultCodes.Mass.Value],
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        var stored = CascadeSettings.Load(Path.Combine(Path.GetDirectoryName(context.GetModelPath(LiverModelName))!, "..", CascadeSettings.FileName));
        settings = stored with
        {
            LiverThreshold = Number(context.Configuration["LiverThreshold"]) ?? stored.LiverThreshold,
            MassThreshold = Number(context.Configuration["MassThreshold"]) ?? stored.MassThreshold,
        };
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        var liverWeights = await File.ReadAllBytesAsync(context.GetModelPath(LiverModelName), cancellationToken).ConfigureAwait(false);
        var massWeights = await File.ReadAllBytesAsync(context.GetModelPath(MassModelName), cancellationToken).ConfigureAwait(false);
        liverHandle = context.Engine.Register(Registration("liver-unet3d", CascadeSettings.LiverStage, liverWeights));
        massHandle = context.Engine.Register(Registration("liver-mass-unet3d", CascadeSettings.MassStage, massWeights));
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || liverHandle is null || massHandle is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (CtSeriesGate.RefusalReason(series) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        ImageVolume volume;
        try
        {
            volume = await series.GetVolumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            return PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})");
        }

        if (volume.Slices != series.Instances.Count)
        {
            return PluginResult.NotApplicable(string.Create(CultureInfo.InvariantCulture, $"refused: the volume has {volume.Slices} slices for {series.Instances.Count} instances (inconsistent geometry)"));
        }

        var ordered = CtSeries.Ordered(series.Instances);
        var hu = new CtVolume(volume.Voxels.ToArray(), volume.Slices, volume.Rows, volume.Columns, volume.Spacing.Z, volume.Spacing.Y, volume.Spacing.X);
        var priority = context.Manifest.Priority;
        var liverModel = new EnginePatchModel(context.Engine, liverHandle, CascadeSettings.LiverStage, priority);
        var massModel = new EnginePatchModel(context.Engine, massHandle, CascadeSettings.MassStage, priority);
        var cascade = await new LiverCascade(liverModel, massModel, settings).RunAsync(hu, cancellationToken).ConfigureAwait(false);
        var reading = await ProbeAsync(cascade, hu, liverModel, massModel, cancellationToken).ConfigureAwait(false);
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn liver cascade" };
        return new LiverResultWriter(algorithm, context.TimeProvider).Write(reading, ordered, hu, volume, settings);
    }

    public ValueTask DisposeAsync()
    {
        liverHandle?.Dispose();
        massHandle?.Dispose();
        liverHandle = massHandle = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>FGSM probes through the engine: the liver window at the liver's centre, and each mass's window at its centre.</summary>
    private async Task<LiverReading> ProbeAsync(CascadeResult cascade, CtVolume hu, EnginePatchModel liverModel, EnginePatchModel massModel, CancellationToken cancellationToken)
    {
        var liverVoxels = cascade.Liver.Count(b => b);
        var liverProbability = liverVoxels == 0 ? 0 : cascade.Liver.Select((b, i) => b ? cascade.LiverProbability[i] : 0f).Sum() / liverVoxels;
        RobustnessReport? liverRobustness = null;
        if (probe && cascade.LiverCenterVoxel is { } c && cascade.LiverGrid is { } liverGrid)
        {
            var stage = CascadeSettings.LiverStage;
            var center = ToGrid((c.Z, c.Y, c.X), hu, (0, 0, 0), stage.Spacing);
            var (patch, _) = new SlidingWindow(stage.Patch).PatchAround(liverGrid, center, StageSpec.PadValue);
            liverRobustness = await liverModel.ProbeAsync(patch, cancellationToken).ConfigureAwait(false);
        }

        var masses = new List<(Analysis.LesionMeasure, double, RobustnessReport?)>();
        foreach (var (lesion, k) in cascade.Lesions.Select((l, k) => (l, k)))
        {
            RobustnessReport? robustness = null;
            if (probe && k < ProbedMasses && cascade.MassGrid is { } massGrid)
            {
                var stage = CascadeSettings.MassStage;
                var center = ToGrid(lesion.CenterVoxel, hu, cascade.MassGridStart, stage.Spacing);
                var (patch, _) = new SlidingWindow(stage.Patch).PatchAround(massGrid, center, StageSpec.PadValue);
                robustness = await massModel.ProbeAsync(patch, cancellationToken).ConfigureAwait(false);
            }

            masses.Add((lesion, lesion.MeanProbability, robustness));
        }

        return new LiverReading(cascade, liverRobustness, masses) { LiverProbability = liverProbability };
    }

    private static (int Z, int Y, int X) ToGrid((double Z, double Y, double X) voxel, CtVolume hu, (double Z, double Y, double X) start, (double Z, double Y, double X) spacing) =>
        ((int)Math.Round(((voxel.Z * hu.SpacingZ) - start.Z) / spacing.Z), (int)Math.Round(((voxel.Y * hu.SpacingY) - start.Y) / spacing.Y), (int)Math.Round(((voxel.X * hu.SpacingX) - start.X) / spacing.X));

    private static double? Number(string? text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static ModelRegistration Registration(string name, StageSpec stage, byte[] weights) =>
        new(name, () => UNetLoader.Load(stage, weights), stage.InputShape, ModelOutputKind.SegmentationLogits) { InputRange = (0, 1), MaxBatchSize = 4 };
}
