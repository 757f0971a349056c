using System.Collections.Concurrent;
using System.Globalization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// Lung nodules on thin-slice chest CT: candidates found inside the lungs without any human marking,
/// then a 3D CNN and a 2D multi-view CNN (averaged) reject vessels and grade each nodule benign or
/// malignant. Every reported nodule gets its centre in patient coordinates, diameter, malignancy
/// probability and decision at the validation threshold, the engine's FGSM probe of that decision, and a Grad-CAM key
/// image of the axial slice through it (SC + PNG); the study gets a Comprehensive SR with one
/// measurement group per nodule and result.json. A scan without nodules gets a result that says so.
/// Trained on synthetic phantoms only: not for clinical use.
/// </summary>
public sealed class NodulePlugin : IRadCnnPlugin
{
    public const string Model3dName = "nodule-3d";

    public const string Model2dName = "nodule-2d";

    /// <summary>Most nodules reported per series (the most likely first).</summary>
    public const int MaxReported = 10;

    private IPluginContext? context;
    private IModelHandle? model3d;
    private IModelHandle? model2d;
    private Decision decision = new();
    private double? configuredNoduleThreshold;
    private bool probe = true;
    private byte[] weights3d = [];
    private byte[] weights2d = [];

    // The reported decision as one network per threshold pair (a band's, or with a configured nodule threshold) and attack objective, registered on first use.
    private readonly ConcurrentDictionary<(double Nodule, double Malignancy, DecisionObjective Objective, AttackedInput Attacked), Lazy<IModelHandle>> decisionModels = new();

    public PluginDescription Describe() => new("Lung nodules on chest CT: found, centre, diameter, malignancy probability and decision, robustness and Grad-CAM key image.")
    {
        IntendedUse = "Research demonstration on synthetic chest CT phantoms; not for clinical use.",
        FindingCodes = [ResultCodes.Nodule.Value],
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        decision = Decision.Load(context.PluginDirectory);
        // A site may demand fewer false positives than the validation threshold gives (setting NoduleThreshold):
        // it replaces the nodule threshold of every band.
        configuredNoduleThreshold = double.TryParse(context.Configuration["NoduleThreshold"], NumberStyles.Float, CultureInfo.InvariantCulture, out var nodule) && nodule is > 0 and < 1 ? nodule : null;

        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        weights3d = await File.ReadAllBytesAsync(context.GetModelPath(Model3dName), cancellationToken).ConfigureAwait(false);
        weights2d = await File.ReadAllBytesAsync(context.GetModelPath(Model2dName), cancellationToken).ConfigureAwait(false);
        var (w3, w2) = (weights3d, weights2d);
        model3d = context.Engine.Register(new ModelRegistration("nodule-3d", () => ModelLoader.Load3d(w3), PatchExtractor.Shape3d, ModelOutputKind.ClassLogits)
        {
            FeatureLayer = Nodule3dNet.FeatureLayer,
            InputRange = (0, 1),
        });
        model2d = context.Engine.Register(new ModelRegistration("nodule-2d", () => ModelLoader.Load2d(w2), PatchExtractor.Input2d.Shape, ModelOutputKind.ClassLogits)
        {
            FeatureLayer = MultiView2dNet.FeatureLayer,
            InputRange = (0, 1),
        });
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || model3d is null || model2d is null)
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

        ImageVolume image;
        try
        {
            image = await series.GetVolumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException)
        {
            return PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})");
        }

        var sources = CtSeriesReader.Order(series.Instances).Select(o => o.Dataset).ToList();
        if (image.Slices != sources.Count)
        {
            return PluginResult.NotApplicable(string.Create(CultureInfo.InvariantCulture, $"refused: the volume has {image.Slices} slices for {sources.Count} instances (multi-frame or mixed series)"));
        }

        var volume = CtVolume.From(image);
        // The thresholds calibrated at this series' pixel spacing (the same weights score finer scans lower).
        var thresholds = DecisionFor(PixelSpacingMm(volume));
        var analyzer = new NoduleAnalyzer(context.Engine, model3d, model2d, context.Manifest.Priority);
        var readings = await analyzer.ReadAsync(volume, cancellationToken).ConfigureAwait(false);
        var reported = readings.Where(r => r.Nodule >= thresholds.NoduleThreshold).OrderByDescending(r => r.Nodule).Take(MaxReported).ToList();
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn lung nodules" };
        var writer = new NoduleResultWriter(context, algorithm, thresholds, sources, volume);
        var nodules = new List<ReportedNodule>();
        foreach (var (reading, index) in reported.Select((r, i) => (r, i)))
        {
            var malignant = reading.Malignancy >= thresholds.MalignancyThreshold;
            // The robustness reported is that of the reported call (both models at this series' thresholds); the 3D model's
            // own argmax, which the probe attacked until 1.3.0, is kept beside it in result.json.
            var robustness = probe ? await analyzer.ProbeDecisionAsync(volume, reading.Candidate, o => DecisionModel(thresholds, o), reported: true, cancellationToken).ConfigureAwait(false) : null;
            var robustness3d = probe ? await analyzer.ProbeAsync(volume, reading.Candidate, cancellationToken).ConfigureAwait(false) : null;
            var heat = await analyzer.ExplainAxialAsync(volume, reading.Candidate, malignant ? 2 : 1, cancellationToken).ConfigureAwait(false);
            nodules.Add(new ReportedNodule(index + 1, reading, malignant, robustness?.Combined, heat) { Robustness3d = robustness3d });
        }

        return writer.Write(nodules, readings.Count);
    }

    /// <summary>
    /// The reported decision at <paramref name="thresholds"/> as one network the engine probes (<see cref="ReportedDecisionNet"/>)
    /// along <paramref name="objective"/>'s gradient, registered once per threshold pair and objective.
    /// </summary>
    internal IModelHandle DecisionModel(Decision thresholds, DecisionObjective objective = DecisionObjective.Call, AttackedInput attacked = AttackedInput.Both)
    {
        if (context is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        var (engine, w3, w2) = (context.Engine, weights3d, weights2d);
        var (nodule, malignancy) = (thresholds.NoduleThreshold, thresholds.MalignancyThreshold);
        var length = ReportedDecisionNet.InputLength(PatchExtractor.Shape3d, PatchExtractor.Input2d.Shape);
        return decisionModels.GetOrAdd((nodule, malignancy, objective, attacked), _ => new Lazy<IModelHandle>(() => engine.Register(new ModelRegistration(
            string.Create(CultureInfo.InvariantCulture, $"nodule-decision-{nodule:F4}-{malignancy:F4}-{objective}{(attacked == AttackedInput.Both ? "" : "-" + attacked)}"),
            () => new ReportedDecisionNet(ModelLoader.Load3d(w3), PatchExtractor.Shape3d, ModelLoader.Load2d(w2), PatchExtractor.Input2d.Shape, nodule, malignancy, objective, attacked),
            [length],
            ModelOutputKind.ClassLogits)
        {
            InputRange = (0, 1),
        }))).Value;
    }

    /// <summary>The top-level thresholds (from model/decision.json, with a configured nodule threshold), bands aside.</summary>
    internal Decision Decision => Configured(decision);

    /// <summary>The thresholds for a series of this in-plane pixel spacing: its band's, else the top-level ones.</summary>
    internal Decision DecisionFor(double pixelSpacingMm) => Configured(decision.For(pixelSpacingMm));

    /// <summary>The in-plane pixel spacing the thresholds are chosen by: the mean of the row and column spacing (mm).</summary>
    internal static double PixelSpacingMm(CtVolume volume) => (volume.Spacing.X + volume.Spacing.Y) / 2;

    /// <summary>The science without the result objects: for the evaluation and the bench (which compares resamplings).</summary>
    /// <remarks>With <paramref name="averageInPlaneFlips"/> each network reads the mean over four mirror images (measured, not
    /// shipped: the thresholds and the probe's decision network are those of one reading, so it is the bench's switch only).</remarks>
    internal NoduleAnalyzer CreateAnalyzer(VolumeResampling resampling = VolumeResampling.Point, bool matchTrainingResolution = false, bool malignancyAtNativeResolution = false, bool averageInPlaneFlips = false) =>
        context is not null && model3d is not null && model2d is not null
            ? new NoduleAnalyzer(context.Engine, model3d, model2d, context.Manifest.Priority)
            {
                Resampling = resampling,
                Detector = new CandidateDetector { Resampling = resampling },
                MatchTrainingResolution = matchTrainingResolution,
                MalignancyAtNativeResolution = malignancyAtNativeResolution,
                AverageInPlaneFlips = averageInPlaneFlips,
            }
            : throw new InvalidOperationException("the plugin is not initialised");

    private Decision Configured(Decision thresholds) =>
        configuredNoduleThreshold is { } nodule
            ? thresholds with { NoduleThreshold = nodule, Source = thresholds.Source + "; nodule threshold set by configuration" }
            : thresholds;

    public ValueTask DisposeAsync()
    {
        model3d?.Dispose();
        model2d?.Dispose();
        model3d = model2d = null;
        foreach (var handle in decisionModels.Values.Where(h => h.IsValueCreated))
        {
            handle.Value.Dispose();
        }

        decisionModels.Clear();
        return ValueTask.CompletedTask;
    }
}
