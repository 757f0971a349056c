using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Inference;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The uterus model set: a 2D (or 2.5D) U-Net for the uterus and, where shipped, a tumour U-Net,
/// registered with the shared engine for inference and as single-channel heads for the FGSM probe (so
/// each segment gets its own robustness), run slice by slice on a decoded MR volume and written as
/// SEG, SR, key image and result.json.
/// </summary>
internal sealed class UterusPipeline : IDisposable
{
    /// <summary>Slices the engine runs in one forward pass (a 30-slice series in four passes per network instead of thirty).</summary>
    public const int MaxBatchSize = 8;

    private readonly IPluginContext context;
    private readonly UterusHandles handles;
    private readonly UterusSettings settings;
    private readonly bool probe;

    private UterusPipeline(IPluginContext context, UterusHandles handles, UterusSettings settings, bool probe)
    {
        this.context = context;
        this.handles = handles;
        this.settings = settings;
        this.probe = probe;
    }

    public static async Task<UterusPipeline> CreateAsync(IPluginContext context, bool probe, CancellationToken cancellationToken)
    {
        var stored = UterusSettings.Load(Path.Combine(Path.GetDirectoryName(context.GetModelPath(SegmentationPlugin.UterusModelName))!, "..", UterusSettings.FileName));
        var settings = stored with
        {
            UterusThreshold = SegmentationPlugin.Number(context.Configuration["UterusThreshold"]) ?? stored.UterusThreshold,
            TumourThreshold = SegmentationPlugin.Number(context.Configuration["TumourThreshold"]) ?? stored.TumourThreshold,
        };
        var weights = await File.ReadAllBytesAsync(context.GetModelPath(SegmentationPlugin.UterusModelName), cancellationToken).ConfigureAwait(false);
        // The tumour network is optional: without it the uterus network's tumour output is used.
        var tumourWeights = context.Manifest.Models.Any(m => m.Name == SegmentationPlugin.TumourModelName)
            ? await File.ReadAllBytesAsync(context.GetModelPath(SegmentationPlugin.TumourModelName), cancellationToken).ConfigureAwait(false)
            : null;
        var handles = UterusHandles.Register(context.Engine, settings, weights, tumourWeights, (settings.UterusThreshold, settings.TumourThreshold));
        return new UterusPipeline(context, handles, settings, probe);
    }

    public async Task<PluginResult> ProcessAsync(SeriesVolume series, CancellationToken cancellationToken)
    {
        var volume = series.Volume;
        var model = new EngineSliceModel(context.Engine, handles, settings.Planes, context.Manifest.Priority);
        var spacing = (volume.Spacing.Z, volume.Spacing.Y, volume.Spacing.X);
        var tumourModel = handles.CropModel(context.Engine, settings, context.Manifest.Priority);
        var result = await new UterusSegmenter(model, settings, tumourModel).RunAsync(SharedVoxels.ReadOnlyArray(volume), volume.Slices, volume.Rows, volume.Columns, spacing, cancellationToken).ConfigureAwait(false);
        var reading = await ReadAsync(result, volume, model, tumourModel, cancellationToken).ConfigureAwait(false);
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn uterus U-Net" };
        return new UterusResultWriter(algorithm, context.TimeProvider).Write(reading, series, settings);
    }

    public void Dispose()
    {
        handles.Dispose();
    }

    /// <summary>Mean probabilities inside each mask and an FGSM probe of each segment on the slice where it is largest.</summary>
    private async Task<UterusReading> ReadAsync(UterusResult result, ImageVolume volume, EngineSliceModel model, EngineTumourCropModel? tumourModel, CancellationToken cancellationToken)
    {
        var plane = volume.Rows * volume.Columns;
        var uterusSlice = MaskGeometry.KeySlice(result.Uterus, volume.Slices, plane);
        int? tumourSlice = result.HasTumour ? MaskGeometry.KeySlice(result.Tumour, volume.Slices, plane) : null;
        RobustnessReport? uterusRobustness = null;
        RobustnessReport? tumourRobustness = null;
        if (probe && result.Uterus.Contains(true))
        {
            uterusRobustness = await model.ProbeAsync(MrSlices.Planes(result.Prepared, volume.Slices, uterusSlice, settings.Planes), 0, cancellationToken).ConfigureAwait(false);
        }

        if (probe && tumourSlice is { } t)
        {
            tumourRobustness = tumourModel is not null && result.TumourBox is { } box && result.Normalised is { } normalised
                ? await tumourModel.ProbeAsync(box.Planes(normalised, volume.Slices, volume.Rows, volume.Columns, t, settings.Planes, settings.TumourCropSize), cancellationToken).ConfigureAwait(false)
                : await model.ProbeAsync(MrSlices.Planes(result.Prepared, volume.Slices, t, settings.Planes), 1, cancellationToken).ConfigureAwait(false);
        }

        return new UterusReading(result, uterusRobustness, tumourRobustness, MeanInside(result.UterusProbability, result.Uterus), MeanInside(result.TumourProbability, result.Tumour), uterusSlice, tumourSlice);
    }

    private static double MeanInside(float[] probability, bool[] mask)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sum += probability[i];
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }
}
