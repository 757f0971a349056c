using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Inference;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// The liver model set: cascaded 3D U-Nets (the liver on the whole abdomen at 4 mm, then masses inside
/// the liver's bounding box at 2.5 mm) registered with the shared engine, run on a decoded CT volume,
/// probed with FGSM and written as SEG, SR, key image and result.json.
/// </summary>
internal sealed class LiverPipeline : IDisposable
{
    /// <summary>At most this many masses are probed with FGSM (each probe costs a backward pass).</summary>
    private const int ProbedMasses = 6;

    private readonly IPluginContext context;
    private readonly IModelHandle liverHandle;
    private readonly IModelHandle massHandle;
    private readonly CascadeSettings settings;
    private readonly bool probe;

    // The probe's registrations of the two networks, centred on the liver and mass thresholds (null when not probing).
    private readonly (IModelHandle Liver, IModelHandle Mass)? probeHandles;

    // The mass network's probe registration centred on the zoomed reading's threshold (null when not probing or not zooming).
    private readonly IModelHandle? zoomedProbeHandle;

    private LiverPipeline(IPluginContext context, IModelHandle liverHandle, IModelHandle massHandle, (IModelHandle Liver, IModelHandle Mass)? probeHandles, IModelHandle? zoomedProbeHandle, CascadeSettings settings, bool probe)
    {
        this.zoomedProbeHandle = zoomedProbeHandle;
        this.context = context;
        this.liverHandle = liverHandle;
        this.massHandle = massHandle;
        this.probeHandles = probeHandles;
        this.settings = settings;
        this.probe = probe;
    }

    public static async Task<LiverPipeline> CreateAsync(IPluginContext context, bool probe, CancellationToken cancellationToken)
    {
        var stored = CascadeSettings.Load(Path.Combine(Path.GetDirectoryName(context.GetModelPath(SegmentationPlugin.LiverModelName))!, "..", CascadeSettings.FileName));
        var settings = stored with
        {
            LiverThreshold = SegmentationPlugin.Number(context.Configuration["LiverThreshold"]) ?? stored.LiverThreshold,
            MassThreshold = SegmentationPlugin.Number(context.Configuration["MassThreshold"]) ?? stored.MassThreshold,
            ClassicalMasses = bool.TryParse(context.Configuration["ClassicalMasses"], out var classical) ? classical : stored.ClassicalMasses,
            ClassicalMassMinimumScore = SegmentationPlugin.Number(context.Configuration["ClassicalMassMinimumScore"]) ?? stored.ClassicalMassMinimumScore,
            ClassicalMassMinimumSpacingMm = SegmentationPlugin.Number(context.Configuration["ClassicalMassMinimumSpacingMm"]) ?? stored.ClassicalMassMinimumSpacingMm,
            ClassicalMassScoreBands = context.Configuration["ClassicalMassScoreBands"] is { } bands ? ClassicalMassScoreBand.ParseList(bands) : stored.ClassicalMassScoreBands,
            ClassicalMassResponse = context.Configuration["ClassicalMassResponse"] is { } response ? ParseResponse(response) : stored.ClassicalMassResponse,
            ZoomedMassSpacingMm = SegmentationPlugin.Number(context.Configuration["ZoomedMassSpacingMm"]) ?? stored.ZoomedMassSpacingMm,
        };
        settings.Validate();
        var liverWeights = await File.ReadAllBytesAsync(context.GetModelPath(SegmentationPlugin.LiverModelName), cancellationToken).ConfigureAwait(false);
        var massWeights = await File.ReadAllBytesAsync(context.GetModelPath(SegmentationPlugin.MassModelName), cancellationToken).ConfigureAwait(false);
        var liverHandle = context.Engine.Register(Registration("liver-unet3d", CascadeSettings.LiverStage, liverWeights));
        var massHandle = context.Engine.Register(Registration("liver-mass-unet3d", CascadeSettings.MassStage, massWeights));
        var probeHandles = probe
            ? (context.Engine.Register(Registration("liver-unet3d-probe", CascadeSettings.LiverStage, liverWeights, settings.LiverThreshold)),
               context.Engine.Register(Registration("liver-mass-unet3d-probe", CascadeSettings.MassStage, massWeights, settings.MassThreshold)))
            : ((IModelHandle, IModelHandle)?)null;
        var zoomedProbeHandle = probe && settings.ZoomedMassSpacingMm > 0
            ? context.Engine.Register(Registration("liver-mass-unet3d-zoomed-probe", CascadeSettings.MassStage, massWeights, settings.ZoomedMassThreshold))
            : null;
        return new LiverPipeline(context, liverHandle, massHandle, probeHandles, zoomedProbeHandle, settings, probe);
    }

    public async Task<PluginResult> ProcessAsync(SeriesVolume series, CancellationToken cancellationToken)
    {
        var reading = await ReadAsync(series, cancellationToken).ConfigureAwait(false);
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn liver cascade" };
        return new LiverResultWriter(algorithm, context.TimeProvider).Write(reading, series, settings);
    }

    /// <summary>
    /// The cascade and its probes on the series' own voxels (read, not copied). Its own method so that what only the
    /// stages and probes need (the probability maps and the networks' inputs, over 0.4 GB at 512 × 512 × 200) is let go
    /// before the result objects are built.
    /// </summary>
    private async Task<LiverReading> ReadAsync(SeriesVolume series, CancellationToken cancellationToken)
    {
        var volume = series.Volume;
        var hu = new CtVolume(SharedVoxels.ReadOnlyArray(volume), volume.Slices, volume.Rows, volume.Columns, volume.Spacing.Z, volume.Spacing.Y, volume.Spacing.X);
        var priority = context.Manifest.Priority;
        var liverModel = new EnginePatchModel(context.Engine, liverHandle, CascadeSettings.LiverStage, priority, probeHandles?.Liver);
        var massModel = new EnginePatchModel(context.Engine, massHandle, CascadeSettings.MassStage, priority, probeHandles?.Mass);
        var cascade = await new LiverCascade(liverModel, massModel, settings).RunAsync(hu, cancellationToken).ConfigureAwait(false);
        var zoomedModel = zoomedProbeHandle is { } zoomedProbe ? new EnginePatchModel(context.Engine, massHandle, settings.ZoomedMassStage, priority, zoomedProbe) : null;
        var reading = await ProbeAsync(cascade, hu, liverModel, massModel, zoomedModel, cancellationToken).ConfigureAwait(false);
        return reading with { Cascade = cascade.Measured() };
    }

    public void Dispose()
    {
        liverHandle.Dispose();
        massHandle.Dispose();
        if (probeHandles is { } heads)
        {
            heads.Liver.Dispose();
            heads.Mass.Dispose();
        }

        zoomedProbeHandle?.Dispose();
    }

    /// <summary>
    /// FGSM probes through the engine: the liver window at the liver's centre, and each mass's window at its centre; a mass only
    /// the classical candidates found is probed by attacking their contrast measure instead (at the liver probe's epsilon), and
    /// a mass the zoomed reading added by the mass network's probe on the zoomed grid, its cut at the zoomed threshold.
    /// </summary>
    private async Task<LiverReading> ProbeAsync(CascadeResult cascade, CtVolume hu, EnginePatchModel liverModel, EnginePatchModel massModel, EnginePatchModel? zoomedModel, CancellationToken cancellationToken)
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

        // Masses the classical candidates alone found have no network output to attack: their probe attacks the candidates'
        // own contrast measure at the engine's epsilon (ClassicalMassProbe).
        var reported = ReportedMassVoxels.Of(hu, cascade);
        var candidatesOnly = ClassicalMassProbe.FoundOnlyByCandidates(cascade, reported).ToHashSet();
        var probedCandidates = cascade.Lesions.Take(ProbedMasses).Where(candidatesOnly.Contains).ToList();
        var candidateReports = probe && liverRobustness is { } reference && probedCandidates.Count > 0
            ? ClassicalMassProbe.Probe(hu, cascade.Liver, reported, probedCandidates, settings.ClassicalMassScoreFor(hu) ?? settings.ClassicalMassMinimumScore, reference.Epsilon, CascadeSettings.MassStage.WindowWidth, settings.ClassicalMassResponse)
            : new Dictionary<Analysis.LesionMeasure, RobustnessReport>();
        var zoomedOnly = ZoomedMassRule.FoundByZoomedReading(cascade, reported).ToHashSet();
        var masses = new List<(Analysis.LesionMeasure, double, RobustnessReport?)>();
        foreach (var (lesion, k) in cascade.Lesions.Select((l, k) => (l, k)))
        {
            RobustnessReport? robustness = null;
            if (candidatesOnly.Contains(lesion))
            {
                robustness = candidateReports.GetValueOrDefault(lesion);
            }
            else if (zoomedOnly.Contains(lesion))
            {
                if (probe && k < ProbedMasses && zoomedModel is not null && cascade.ZoomedGrid is { } zoomedGrid)
                {
                    var stage = settings.ZoomedMassStage;
                    var center = ToGrid(lesion.CenterVoxel, hu, cascade.ZoomedGridStart, stage.Spacing);
                    var (patch, _) = new SlidingWindow(stage.Patch).PatchAround(zoomedGrid, center, StageSpec.PadValue);
                    robustness = await zoomedModel.ProbeAsync(patch, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (probe && k < ProbedMasses && cascade.MassGrid is { } massGrid)
            {
                var stage = CascadeSettings.MassStage;
                var center = ToGrid(lesion.CenterVoxel, hu, cascade.MassGridStart, stage.Spacing);
                var (patch, _) = new SlidingWindow(stage.Patch).PatchAround(massGrid, center, StageSpec.PadValue);
                robustness = await massModel.ProbeAsync(patch, cancellationToken).ConfigureAwait(false);
            }

            masses.Add((lesion, settings.ReportedMassProbability(lesion, candidatesOnly.Contains(lesion)), robustness));
        }

        return new LiverReading(cascade, liverRobustness, masses) { LiverProbability = liverProbability, FoundOnlyByCandidates = candidatesOnly, FoundByZoomedReading = zoomedOnly };
    }

    private static (int Z, int Y, int X) ToGrid((double Z, double Y, double X) voxel, CtVolume hu, (double Z, double Y, double X) start, (double Z, double Y, double X) spacing) =>
        ((int)Math.Round(((voxel.Z * hu.SpacingZ) - start.Z) / spacing.Z), (int)Math.Round(((voxel.Y * hu.SpacingY) - start.Y) / spacing.Y), (int)Math.Round(((voxel.X * hu.SpacingX) - start.X) / spacing.X));

    /// <summary>The plugin setting <c>ClassicalMassResponse</c> (a <see cref="MassBlobResponse"/> name, any case), refused when unknown.</summary>
    internal static MassBlobResponse ParseResponse(string text) =>
        Enum.TryParse<MassBlobResponse>(text.Trim(), ignoreCase: true, out var response) && Enum.IsDefined(response)
            ? response
            : throw new InvalidOperationException($"liver cascade settings: ClassicalMassResponse '{text}' must be one of {string.Join(", ", Enum.GetNames<MassBlobResponse>())}");

    // With a threshold: the probe's registration, its logits centred on that decision threshold.
    private static ModelRegistration Registration(string name, StageSpec stage, byte[] weights, double? decisionThreshold = null) =>
        new(name, () => decisionThreshold is { } t ? new DecisionCentredLogits(UNetLoader.Load(stage, weights), t) : UNetLoader.Load(stage, weights), stage.InputShape, ModelOutputKind.SegmentationLogits) { InputRange = (0, 1), MaxBatchSize = 4 };
}
