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
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection;

/// <summary>
/// Tuberculosis on frontal chest radiographs (CR, DX): the ensemble's probability, a decision at the
/// configured threshold, the engine's FGSM robustness probe, a Grad-CAM heat map as a Secondary Capture
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
    private double threshold = 0.5;
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
        threshold = double.TryParse(context.Configuration["Threshold"], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0.5;
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        heatMapSource = context.Configuration["HeatMap"] ?? "inception";
        var bytes = await File.ReadAllBytesAsync(context.GetModelPath(ModelName), cancellationToken).ConfigureAwait(false);
        ensemble = context.Engine.Register(Registration("tb-ensemble", EnsembleOutput.Ensemble, bytes, null));
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
            var caption = string.Create(CultureInfo.InvariantCulture, $"TUBERCULOSIS P={read.Probability:F2} {(read.Positive ? "POSITIVE" : "NEGATIVE")}");
            var overlay = new HeatmapOverlayBuilder(source, modality, algorithm, context.TimeProvider) { Caption = caption };
            objects.Add(overlay.Build(read.HeatMap, read.HeatRows, read.HeatColumns).Dataset);
            files.Add(new OutputFile($"heatmap-{slice + 1}.png", "image/png", overlay.RenderPng(read.HeatMap, read.HeatRows, read.HeatColumns)));
            var report = new FindingsReportBuilder([source], algorithm, context.TimeProvider)
            {
                Comment = string.Create(CultureInfo.InvariantCulture, $"Ensemble probability {read.Probability:F3}, threshold {threshold:F2}: {(read.Positive ? "tuberculosis suspected" : "no tuberculosis detected")}. Synthetic-phantom model, not for clinical use."),
            }.Add(new ReportFinding(ResultCodes.Tuberculosis, read.Probability)
            {
                Label = read.Positive ? "Tuberculosis suspected" : "Tuberculosis not detected",
                Site = ResultCodes.Lung,
                Fragile = read.Robustness?.Fragile,
                FlippingEpsilon = read.Robustness?.SmallestFlippingEpsilon,
                SourceIndices = [0],
            });
            objects.Add(report.Build().Dataset);
            var robustness = read.Robustness is { } r ? (r.Fragile ? "fragile under FGSM" : "stable under FGSM") : "not probed";
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"image {slice + 1}: P(tuberculosis)={read.Probability:F3} {(read.Positive ? ">=" : "<")} {threshold:F2}, {(read.Positive ? "positive" : "negative")}, {robustness}"));
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
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads one radiograph given as modality values (row by row); the heat map covers the image, 0-1.</summary>
    internal async Task<RadiographReading> ReadAsync(float[] modality, int rows, int columns, bool monochrome1, CancellationToken cancellationToken)
    {
        if (context is null || ensemble is null || alexnet is null || inception is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        var prepared = RadiographPreprocessor.Prepare(modality, rows, columns, monochrome1, Recipe.Input);
        using var input = tensor(prepared.Pixels, [1, prepared.Side, prepared.Side]);
        var priority = context.Manifest.Priority;
        double probability;
        using (var logits = await context.Engine.InferAsync(ensemble, input, priority, cancellationToken).ConfigureAwait(false))
        using (var probabilities = softmax(logits.flatten(), 0))
        {
            probability = probabilities[1].item<float>();
        }

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

        return new RadiographReading(probability, probability >= threshold, robustness, cropped, prepared.Height, prepared.Width);
    }

    private static ModelRegistration Registration(string name, EnsembleOutput output, byte[] weights, string? featureLayer) =>
        new(name, () => ModelLoader.Load(output, weights), Recipe.Input.Shape, ModelOutputKind.ClassLogits) { FeatureLayer = featureLayer };
}
