using System.Globalization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Detection.Models;
using RadCnn.Plugins.Detection.Preprocessing;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Decisions;
using RadCnn.Training.Provenance;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection;

/// <summary>
/// Tuberculosis on frontal chest radiographs (CR, DX): the ensemble's calibrated probability, a decision
/// at the threshold model.json records (chosen on the validation split; setting "Threshold" overrides it),
/// a flag when the image is unlike the training radiographs (model.json's distribution profile), the
/// engine's FGSM robustness probe of that decision, a Grad-CAM heat map as a Secondary Capture
/// and PNG (by default the Inception-style member's, at its first inception block: it localises the
/// phantom lesions far better than the AlexNet-style member's; "HeatMap" = "mean" or "alexnet" changes it), and a Structured Report with the finding. Trained on synthetic
/// phantoms only: not for clinical use.
/// </summary>
public sealed class TuberculosisPlugin : IRadCnnPlugin
{
    /// <summary>The weight file's name in plugin.json.</summary>
    public const string ModelName = "ensemble";

    private static readonly TuberculosisRecipeBase Recipe = new DetectionRecipe();

    private IPluginContext? context;
    private IModelHandle? ensemble;
    private IModelHandle? alexnet;
    private IModelHandle? inception;
    private DecisionPolicy? decision;
    private DistributionProfile? profile;
    private double threshold;
    private bool probe = true;
    private string heatMapSource = "inception";

    public PluginDescription Describe() => new("Tuberculosis on frontal chest radiographs: probability, decision, robustness and Grad-CAM heat map.")
    {
        IntendedUse = "Research demonstration on synthetic chest radiograph phantoms; not for clinical use.",
        FindingCodes = [ResultCodes.Tuberculosis.Value],
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        var weightsPath = context.GetModelPath(ModelName);
        var policy = ModelPolicy.TryLoadBeside(weightsPath) ?? throw new InvalidDataException($"{ModelPolicy.FileName} is missing beside {Path.GetFileName(weightsPath)}: the decision threshold and calibration come from it");
        var recorded = policy.Decision ?? throw new InvalidDataException($"{ModelPolicy.FileName} records no decision policy (temperature and threshold from validation): retrain with `radcnn train detection`");
        var configured = context.Configuration["Threshold"];
        if (configured is not null && !(double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t is > 0 and < 1))
        {
            throw new InvalidDataException($"setting Threshold '{configured}' is not a probability strictly between 0 and 1");
        }

        // A site may choose its own operating point; otherwise the validated one holds.
        decision = configured is null ? recorded : recorded with { Threshold = double.Parse(configured, CultureInfo.InvariantCulture) };
        threshold = decision.Threshold;
        profile = policy.OutOfDistribution;
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        heatMapSource = context.Configuration["HeatMap"] ?? "inception";
        var bytes = await File.ReadAllBytesAsync(weightsPath, cancellationToken).ConfigureAwait(false);
        var decided = decision;
        ensemble = context.Engine.Register(new ModelRegistration("tb-decision", () => DecisionOf(bytes, decided), Recipe.Input.Shape, ModelOutputKind.ClassLogits));
        alexnet = context.Engine.Register(Registration("tb-alexnet", EnsembleOutput.AlexNet, bytes, context.Configuration["AlexNetLayer"] ?? TuberculosisEnsemble.AlexNetFeatureLayer));
        inception = context.Engine.Register(Registration("tb-inception", EnsembleOutput.Inception, bytes, context.Configuration["InceptionLayer"] ?? TuberculosisEnsemble.InceptionFeatureLayer));
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || ensemble is null || alexnet is null || inception is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (RadiographGate.RefusalReason(series) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        ImageVolume volume;
        try
        {
            volume = await series.GetVolumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException)
        {
            return PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})");
        }

        if (volume.Rows < RadiographPreprocessor.MinimumSide || volume.Columns < RadiographPreprocessor.MinimumSide)
        {
            return PluginResult.NotApplicable(FormattableString.Invariant($"refused: the image is {volume.Rows}x{volume.Columns} pixels; at least {RadiographPreprocessor.MinimumSide}x{RadiographPreprocessor.MinimumSide} is needed"));
        }

        // Each slice's own instance, as the volume records it; a volume without that record pairs only when there is one image.
        IReadOnlyList<DicomDataset> instances = volume.SliceSources.Count == volume.Slices ? [.. volume.SliceSources.Select(s => s.Instance)]
            : volume.Slices == 1 && series.Instances.Count == 1 ? [series.Instances[0]]
            : [];
        if (instances.Count == 0)
        {
            return PluginResult.NotApplicable(FormattableString.Invariant($"refused: the volume's {volume.Slices} images do not say which of the series' {series.Instances.Count} instances each came from"));
        }

        var findings = new List<Finding>();
        var objects = new List<DicomDataset>();
        var files = new List<OutputFile>();
        var messages = new List<string>();
        var frameSize = volume.Rows * volume.Columns;
        for (var slice = 0; slice < volume.Slices; slice++)
        {
            var source = instances[slice];
            var modality = volume.Voxels.Slice(slice * frameSize, frameSize).ToArray();
            var monochrome1 = source.GetStringOrDefault(DicomTag.PhotometricInterpretation, "MONOCHROME2").Trim() == "MONOCHROME1";
            var read = await ReadAsync(modality, volume.Rows, volume.Columns, monochrome1, cancellationToken).ConfigureAwait(false);
            var finding = new Finding(ResultCodes.Tuberculosis.Value, ResultCodes.Tuberculosis.Meaning, read.Probability)
            {
                CodingScheme = ResultCodes.Tuberculosis.Scheme,
                Robustness = read.Robustness,
            };
            findings.Add(finding);
            var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn TB detection" };
            var caption = string.Create(CultureInfo.InvariantCulture, $"TUBERCULOSIS P={read.Probability:F2} {(read.Positive ? "POSITIVE" : "NEGATIVE")}{(read.OutOfDistribution ? " OUT OF DISTRIBUTION" : "")}");
            var overlay = new HeatmapOverlayBuilder(source, modality, algorithm, context.TimeProvider) { Caption = caption };
            objects.Add(overlay.Build(read.HeatMap, read.HeatRows, read.HeatColumns).Dataset);
            files.Add(new OutputFile($"heatmap-{slice + 1}.png", "image/png", overlay.RenderPng(read.HeatMap, read.HeatRows, read.HeatColumns)));
            var report = new FindingsReportBuilder([source], algorithm, context.TimeProvider)
            {
                Comment = string.Create(CultureInfo.InvariantCulture, $"Ensemble probability {read.Probability:F3} (calibrated), threshold {threshold:F3} (validation): {(read.Positive ? "tuberculosis suspected" : "no tuberculosis detected")}.{(read.OutOfDistribution ? OutOfDistributionNote(read) : "")} Synthetic-phantom model, not for clinical use."),
            }.Add(new ReportFinding(ResultCodes.Tuberculosis, read.Probability)
            {
                Label = (read.Positive ? "Tuberculosis suspected" : "Tuberculosis not detected") + (read.OutOfDistribution ? " (out of distribution: unreliable)" : ""),
                Site = ResultCodes.Lung,
                Fragile = read.Robustness?.Fragile,
                FlippingEpsilon = read.Robustness?.SmallestFlippingEpsilon,
                SourceIndices = [0],
            });
            objects.Add(report.Build().Dataset);
            var robustness = read.Robustness is { } r ? (r.Fragile ? "fragile under FGSM" : "stable under FGSM") : "not probed";
            var distribution = read.OutOfDistribution ? ", out of distribution (image unlike the training radiographs: the decision is unreliable)" : "";
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"image {slice + 1}: P(tuberculosis)={read.Probability:F3} {(read.Positive ? ">=" : "<")} {threshold:F3}, {(read.Positive ? "positive" : "negative")}, {robustness}{distribution}"));
        }

        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = string.Join("; ", messages),
            Findings = findings.ToArray(),
            Files = files.ToArray(),
            DicomObjects = objects.ToArray(),
        };
    }

    public ValueTask DisposeAsync()
    {
        ensemble?.Dispose();
        alexnet?.Dispose();
        inception?.Dispose();
        ensemble = alexnet = inception = null;
        decision = null;
        profile = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads one radiograph given as modality values (row by row); the heat map covers the image, 0-1.</summary>
    internal async Task<RadiographReading> ReadAsync(float[] modality, int rows, int columns, bool monochrome1, CancellationToken cancellationToken)
    {
        if (context is null || ensemble is null || alexnet is null || inception is null || decision is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        var prepared = RadiographPreprocessor.Prepare(modality, rows, columns, monochrome1, Recipe.Input);
        using var input = tensor(prepared.Pixels, [1, prepared.Side, prepared.Side]);
        var priority = context.Manifest.Priority;
        double probability;
        using (var logits = await context.Engine.InferAsync(ensemble, input, priority, cancellationToken).ConfigureAwait(false))
        {
            // The decision module's z is the calibrated logit minus the threshold's: z >= 0 is the validated decision.
            using var flat = logits.flatten();
            var z = flat.data<float>().ToArray();
            probability = DecisionModule.Probability(z[1] - z[0], decision.Threshold);
        }

        var distance = profile?.DistanceOfInput(prepared.Pixels, prepared.Side, prepared.Side);

        var robustness = probe ? await context.Engine.ProbeAsync(ensemble, input, priority, cancellationToken).ConfigureAwait(false) : null;
        var heat = new float[prepared.Side * prepared.Side];
        IModelHandle[] members = heatMapSource switch
        {
            "alexnet" => [alexnet],
            "inception" => [inception],
            _ => [alexnet, inception],
        };
        foreach (var member in members)
        {
            using var map = await context.Engine.ExplainAsync(member, input, 1, priority, cancellationToken).ConfigureAwait(false);
            var values = map.flatten().data<float>().ToArray();
            for (var i = 0; i < heat.Length && i < values.Length; i++)
            {
                heat[i] += values[i] / members.Length;
            }
        }

        var cropped = prepared.CropToImage(heat);
        var max = cropped.Length > 0 ? cropped.Max() : 0;
        if (max > 0)
        {
            for (var i = 0; i < cropped.Length; i++)
            {
                cropped[i] /= max;
            }
        }

        return new RadiographReading(probability, decision.IsPositive(probability), robustness, cropped, prepared.Height, prepared.Width)
        {
            DistributionDistance = distance,
            OutOfDistribution = distance > profile?.Cutoff,
        };
    }

    private string OutOfDistributionNote(RadiographReading read) => string.Create(
        CultureInfo.InvariantCulture,
        $" The image is unlike the radiographs the model was trained on (distance {read.DistributionDistance:F2} > {profile?.Cutoff:F2}): the result is unreliable.");

    private static nn.Module<Tensor, Tensor> DecisionOf(byte[] weights, DecisionPolicy policy)
    {
        var module = new DecisionModule(ModelLoader.Load(EnsembleOutput.Ensemble, weights), policy);
        module.eval();
        return module;
    }

    private static ModelRegistration Registration(string name, EnsembleOutput output, byte[] weights, string? featureLayer) =>
        new(name, () => ModelLoader.Load(output, weights), Recipe.Input.Shape, ModelOutputKind.ClassLogits) { FeatureLayer = featureLayer };
}
