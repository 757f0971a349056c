using System.Globalization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Provenance;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Training.Inference;

/// <summary>
/// The inference operator of a plugin that reads one binary finding per 2D image (radiographs, key
/// slices): a plugin derives from it and supplies only its science, the network
/// (<see cref="CreateClassifier"/>), the networks whose Grad-CAM it shows (<see cref="CreateExplainers"/>),
/// what its finding is called (<see cref="Finding"/>) and what the manifest cannot express
/// (<see cref="RefusalReason"/>). The operator does the rest, the same way for every plugin:
/// <list type="number">
/// <item>refuse what the manifest's accept rules refuse (the host routes by them; a direct caller gets the
/// same rules), what the plugin refuses, colour images and pixel data that cannot be decoded;</item>
/// <item>initialise: model.json beside the weights gives the input (shape and normalisation, as training
/// recorded it), the decision policy (temperature and threshold from validation; setting
/// <c>Threshold</c> overrides the threshold) and the distribution profile; setting <c>Probe</c> = false
/// switches the robustness probe off;</item>
/// <item>prepare each image of the series (MONOCHROME1 negated, aspect kept and padded, normalised:
/// <see cref="ImagePreparation"/>, exactly as training);</item>
/// <item>predict on the engine (the calibrated, thresholded network), probe it with the engine's FGSM,
/// explain it with Grad-CAM, flag it when it is unlike the training inputs;</item>
/// <item>write the finding, heat-map key image (SC + PNG) and SR with <see cref="FindingResultWriter"/>.</item>
/// </list>
/// </summary>
public abstract class ImageInferenceOperator : IRadCnnPlugin
{
    private IPluginContext? context;
    private IModelHandle? classifier;
    private IModelHandle[] explainers = [];
    private DecisionPolicy? decision;
    private DistributionProfile? profile;
    private InputSpec? input;
    private bool probe = true;

    /// <summary>Smallest side of an image the operator reads; smaller ones are refused.</summary>
    public virtual int MinimumSide => 32;

    /// <summary>The input images are prepared for, as the model.json beside the weights records it.</summary>
    public InputSpec Input => input ?? throw NotInitialised();

    /// <summary>The decision (threshold and temperature) in force.</summary>
    public DecisionPolicy Decision => decision ?? throw NotInitialised();

    /// <summary>The weight file's name in plugin.json.</summary>
    protected abstract string WeightsName { get; }

    /// <summary>What the finding is called in results.</summary>
    protected abstract FindingDescription Finding { get; }

    /// <summary>Index of the positive class in the network's logits (its Grad-CAM target).</summary>
    protected virtual int PositiveClass => 1;

    /// <summary>The context the host gave at initialisation.</summary>
    protected IPluginContext Context => context ?? throw NotInitialised();

    public abstract PluginDescription Describe();

    /// <summary>The network (evaluation mode) giving two class logits, negative and positive, for the prepared input.</summary>
    protected abstract nn.Module<Tensor, Tensor> CreateClassifier(byte[] weights);

    /// <summary>The networks whose Grad-CAM maps are averaged into the heat map (none: no heat map); <see cref="Context"/> is set.</summary>
    protected virtual IReadOnlyList<ExplainedModel> CreateExplainers(byte[] weights) => [];

    /// <summary>Why this series cannot be read although the manifest routed it here (e.g. a lateral view), or null.</summary>
    protected virtual string? RefusalReason(ImageSeriesWorkItem series) => null;

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context; // the plugin's factories may read its settings
        var weightsPath = context.GetModelPath(WeightsName);
        var policyPath = ModelPolicy.PathBeside(weightsPath);
        var policy = ModelPolicy.TryLoadBeside(weightsPath) ?? throw new InvalidDataException($"{ModelPolicy.FileName} is missing beside {Path.GetFileName(weightsPath)}: the input, decision threshold and calibration come from it");
        var prepared = policy.RequireInput(policyPath);
        if (prepared.Channels != 1)
        {
            throw new InvalidDataException($"{policyPath} records {prepared.Channels} input channels; an image operator reads greyscale images (1 channel)");
        }

        var recorded = policy.Decision ?? throw new InvalidDataException($"{ModelPolicy.FileName} records no decision policy (temperature and threshold from validation): retrain with `radcnn train`");
        var configured = context.Configuration["Threshold"];
        double? threshold = null;
        if (configured is not null)
        {
            threshold = double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t is > 0 and < 1
                ? t
                : throw new InvalidDataException($"setting Threshold '{configured}' is not a probability strictly between 0 and 1");
        }

        // A site may choose its own operating point; otherwise the validated one holds.
        var decided = threshold is { } chosen ? recorded with { Threshold = chosen } : recorded;
        var bytes = await File.ReadAllBytesAsync(weightsPath, cancellationToken).ConfigureAwait(false);
        classifier = context.Engine.Register(new ModelRegistration(WeightsName + "-decision", () => Decide(CreateClassifier(bytes), decided), prepared.Shape, ModelOutputKind.ClassLogits));
        explainers = [.. CreateExplainers(bytes).Select(e => context.Engine.Register(new ModelRegistration(e.Name, e.CreateModule, prepared.Shape, ModelOutputKind.ClassLogits) { FeatureLayer = e.FeatureLayer }))];
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        (decision, profile, input) = (decided, policy.OutOfDistribution, prepared);
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var context = Context;
        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (series.Instances.Count == 0)
        {
            return PluginResult.NotApplicable("refused: the series has no images");
        }

        // The host routes by the manifest; a direct caller (a test, a bench, another host) gets the same rules here.
        if (context.Manifest.Accepts.DeclineReason(series) is { } declined)
        {
            return PluginResult.NotApplicable("refused: " + declined);
        }

        if (RefusalReason(series) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        if (series.Instances.Select(i => i.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1)).FirstOrDefault(s => s != 1, 1) is var samples && samples != 1)
        {
            return PluginResult.NotApplicable(FormattableString.Invariant($"refused: {samples} samples per pixel; the operator reads greyscale images"));
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

        if (volume.Rows < MinimumSide || volume.Columns < MinimumSide)
        {
            return PluginResult.NotApplicable(FormattableString.Invariant($"refused: the image is {volume.Rows}x{volume.Columns} pixels; at least {MinimumSide}x{MinimumSide} is needed"));
        }

        // Each slice's own instance, as the volume records it; a volume without that record pairs only when there is one image.
        IReadOnlyList<DicomDataset> instances = volume.SliceSources.Count == volume.Slices ? [.. volume.SliceSources.Select(s => s.Instance)]
            : volume.Slices == 1 && series.Instances.Count == 1 ? [series.Instances[0]]
            : [];
        if (instances.Count == 0)
        {
            return PluginResult.NotApplicable(FormattableString.Invariant($"refused: the volume's {volume.Slices} images do not say which of the series' {series.Instances.Count} instances each came from"));
        }

        var algorithm = new AlgorithmIdentity(context.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = Finding.AlgorithmName };
        var writer = new FindingResultWriter(Finding, algorithm, Decision.Threshold, context.TimeProvider);
        var result = new ResultBuilder();
        var frame = volume.Rows * volume.Columns;
        for (var slice = 0; slice < volume.Slices; slice++)
        {
            var modality = volume.Voxels.Slice(slice * frame, frame).ToArray();
            var monochrome1 = instances[slice].GetStringOrDefault(DicomTag.PhotometricInterpretation, "MONOCHROME2").Trim() == "MONOCHROME1";
            var read = await ReadAsync(modality, volume.Rows, volume.Columns, monochrome1, cancellationToken).ConfigureAwait(false);
            writer.Write(result, slice, instances[slice], modality, volume.Rows, volume.Columns, read);
        }

        return result.Build();
    }

    /// <summary>
    /// Reads one image given as modality values (Rescale Slope/Intercept applied, row by row): prepare,
    /// predict, probe, explain. Public for a plugin's tests and benches, which read phantoms without DICOM.
    /// </summary>
    public async Task<ImageReading> ReadAsync(ReadOnlyMemory<float> modality, int rows, int columns, bool monochrome1, CancellationToken cancellationToken)
    {
        var context = Context;
        if (classifier is null || decision is null || input is null)
        {
            throw NotInitialised();
        }

        if (rows < MinimumSide || columns < MinimumSide)
        {
            throw new ArgumentException($"the image is {rows}x{columns} pixels; at least {MinimumSide}x{MinimumSide} is needed");
        }

        var values = modality.Span[..(rows * columns)].ToArray();
        if (monochrome1)
        {
            // Brighter always means more attenuation, as in training.
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -values[i];
            }
        }

        var prepared = ImagePreparation.Fit(values, rows, columns, input);
        using var tensorInput = tensor(prepared.Pixels, input.Shape);
        var priority = context.Manifest.Priority;
        double probability;
        using (var logits = await context.Engine.InferAsync(classifier, tensorInput, priority, cancellationToken).ConfigureAwait(false))
        {
            // The decision module's z is the calibrated logit minus the threshold's: z >= 0 is the validated decision.
            using var flat = logits.flatten();
            var z = flat.data<float>().ToArray();
            probability = DecisionModule.Probability(z[PositiveClass] - z[1 - PositiveClass], decision.Threshold);
        }

        var distance = profile?.DistanceOfInput(prepared.Pixels, input.Height, input.Width);
        var robustness = probe ? await context.Engine.ProbeAsync(classifier, tensorInput, priority, cancellationToken).ConfigureAwait(false) : null;
        var heat = await ExplainAsync(tensorInput, prepared, cancellationToken).ConfigureAwait(false);
        return new ImageReading(probability, decision.IsPositive(probability), robustness, heat, heat.Length == 0 ? 0 : prepared.Height, heat.Length == 0 ? 0 : prepared.Width)
        {
            Input = input,
            DistributionDistance = distance,
            OutOfDistribution = distance > profile?.Cutoff,
        };
    }

    public virtual ValueTask DisposeAsync()
    {
        classifier?.Dispose();
        foreach (var handle in explainers)
        {
            handle.Dispose();
        }

        (classifier, explainers, decision, profile, input, context) = (null, [], null, null, null, null);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>The mean Grad-CAM map of the explainers, cropped to the image (padding removed) and scaled to 0-1.</summary>
    private async Task<float[]> ExplainAsync(Tensor prepared, PreparedImage placement, CancellationToken cancellationToken)
    {
        if (explainers.Length == 0)
        {
            return [];
        }

        var heat = new float[placement.InputHeight * placement.InputWidth];
        foreach (var member in explainers)
        {
            using var map = await Context.Engine.ExplainAsync(member, prepared, PositiveClass, Context.Manifest.Priority, cancellationToken).ConfigureAwait(false);
            using var flat = map.flatten();
            var values = flat.data<float>().ToArray();
            for (var i = 0; i < heat.Length && i < values.Length; i++)
            {
                heat[i] += values[i] / explainers.Length;
            }
        }

        var cropped = placement.CropToImage(heat);
        var max = cropped.Length > 0 ? cropped.Max() : 0;
        if (max > 0)
        {
            for (var i = 0; i < cropped.Length; i++)
            {
                cropped[i] /= max;
            }
        }

        return cropped;
    }

    private static DecisionModule Decide(nn.Module<Tensor, Tensor> network, DecisionPolicy policy)
    {
        var module = new DecisionModule(network, policy);
        module.eval();
        return module;
    }

    private static InvalidOperationException NotInitialised() => new("the plugin is not initialised");
}
