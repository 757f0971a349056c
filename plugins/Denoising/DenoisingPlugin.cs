using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Preprocessing;
using RadCnn.Plugins.Denoising.Science;
using RadCnn.Plugins.Denoising.Training;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising;

/// <summary>
/// Low-dose CT denoising: every slice of an original axial CT series goes through the residual
/// encoder-decoder in overlapping, blended tiles; the result is a derived CT series in the same study
/// (new series, same geometry and Frame of Reference, DERIVED\SECONDARY, Source Image Sequence per
/// slice, HU stored through the source's own rescale), a result.json with the noise reduction
/// measured in a homogeneous region and the FGSM probe's relative change. Trained on simulated
/// phantoms only: not for clinical use.
/// </summary>
public sealed class DenoisingPlugin : IRadCnnPlugin
{
    /// <summary>The network used unless the configuration's "Model" names the other one (a weight file's name in plugin.json).</summary>
    public const string DefaultModel = ModelLoader.RedName;

    private IPluginContext? context;
    private string modelName = DefaultModel;
    private IModelHandle? model;
    private int tile = 96;
    private int overlap = 16;
    private bool probe = true;

    /// <summary>The registered network, for benches and tests that probe it directly.</summary>
    internal IModelHandle? Model => model;

    public PluginDescription Describe() => new("Low-dose CT denoising: a derived CT series with measured noise reduction.")
    {
        IntendedUse = "Research demonstration on simulated low-dose CT phantoms; not for clinical use.",
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        tile = int.TryParse(context.Configuration["Tile"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 96;
        overlap = int.TryParse(context.Configuration["Overlap"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : 16;
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        modelName = context.Configuration["Model"] ?? DefaultModel;
        var bytes = await File.ReadAllBytesAsync(context.GetModelPath(modelName), cancellationToken).ConfigureAwait(false);
        var name = modelName;
        model = context.Engine.Register(new ModelRegistration(name, () => ModelLoader.Load(name, bytes), [1, tile, tile], ModelOutputKind.Image)
        {
            InputRange = (0, 1),
        });
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || model is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (CtSeriesGate.RefusalReason(series, minimumSide: 32) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        var watch = Stopwatch.StartNew();
        var sources = series.Instances.OrderBy(d => d.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0)).ToList();
        var slices = new List<float[]>();
        try
        {
            slices.AddRange(sources.Select(s => SourcePixels.Modality(new DicomFile(s))));
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            return PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})");
        }

        var rows = sources[0].GetSingleValueOrDefault(DicomTag.Rows, 0);
        var columns = sources[0].GetSingleValueOrDefault(DicomTag.Columns, 0);
        var denoised = new float[slices.Count * rows * columns];
        for (var s = 0; s < slices.Count; s++)
        {
            var output = await DenoiseAsync(slices[s], rows, columns, cancellationToken).ConfigureAwait(false);
            output.CopyTo(denoised, s * rows * columns);
        }

        var middle = slices.Count / 2;
        var middleOutput = denoised.AsSpan(middle * rows * columns, rows * columns).ToArray();
        var region = NoiseRegion.Find(slices[middle], middleOutput, rows, columns, Math.Max(8, Math.Min(rows, columns) / 16));
        var robustness = probe ? await ProbeAsync(slices[middle], rows, columns, cancellationToken).ConfigureAwait(false) : null;

        var version = context.Manifest.Version.ToString();
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, version) { DisplayName = "RadCnn " + modelName };
        var builder = new DerivedSeriesBuilder(sources, algorithm, context.TimeProvider)
        {
            DerivationDescription = $"CNN denoising of low-dose CT ({modelName} {version}, tiled {tile} px, overlap {overlap})",
            SeriesDescription = $"RadCnn denoised {modelName} {version}",
        };
        var files = builder.Build(denoised);
        var seconds = watch.Elapsed.TotalSeconds;
        var measurements = new List<Measurement>();
        if (region is not null)
        {
            measurements.Add(new Measurement("noise SD before denoising (homogeneous region)", region.InputSdHu, "[hnsf'U]"));
            measurements.Add(new Measurement("noise SD after denoising (homogeneous region)", region.OutputSdHu, "[hnsf'U]"));
            measurements.Add(new Measurement("noise reduction factor", region.Reduction, "1"));
            measurements.Add(new Measurement("mean HU shift in the region", region.OutputMeanHu - region.InputMeanHu, "[hnsf'U]"));
        }

        if (robustness is not null)
        {
            measurements.Add(new Measurement("FGSM relative output change", 1 - robustness.Agreement, "1"));
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            plugin = context.Manifest.Id,
            version,
            model = modelName,
            slices = slices.Count,
            rows,
            columns,
            tile,
            overlap,
            seconds = Math.Round(seconds, 3),
            derivedSeriesInstanceUid = files[0].Dataset.GetString(DicomTag.SeriesInstanceUID),
            noise = region is null ? null : new
            {
                slice = middle + 1,
                region = new { top = region.Top, left = region.Left, side = region.Side },
                inputMeanHu = Math.Round(region.InputMeanHu, 2),
                inputSdHu = Math.Round(region.InputSdHu, 2),
                outputMeanHu = Math.Round(region.OutputMeanHu, 2),
                outputSdHu = Math.Round(region.OutputSdHu, 2),
                reduction = Math.Round(region.Reduction, 3),
            },
            robustness = robustness is null ? null : new { epsilon = robustness.Epsilon, epsilonHu = robustness.Epsilon * 4000, relativeChange = Math.Round(1 - robustness.Agreement, 4), fragile = robustness.Fragile },
            notice = "Trained on simulated phantoms; not for clinical use.",
        }, new JsonSerializerOptions { WriteIndented = true });
        var message = region is null
            ? string.Create(CultureInfo.InvariantCulture, $"{slices.Count} slices denoised in {seconds:F1} s; no homogeneous soft-tissue region found to measure the noise")
            : string.Create(CultureInfo.InvariantCulture, $"{slices.Count} slices denoised in {seconds:F1} s; noise SD {region.InputSdHu:F1} -> {region.OutputSdHu:F1} HU (x{region.Reduction:F2}) in a homogeneous region");
        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = message,
            Measurements = measurements,
            Files = [new OutputFile("result.json", "application/json", json)],
            DicomObjects = files.Select(f => f.Dataset).ToArray(),
        };
    }

    public ValueTask DisposeAsync()
    {
        model?.Dispose();
        model = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>One slice in HU through the network in blended tiles, back in HU; values outside the window pass through untouched.</summary>
    internal async Task<float[]> DenoiseAsync(float[] hu, int rows, int columns, CancellationToken cancellationToken)
    {
        var normalised = Normalise(hu);
        var layout = new TileLayout(rows, columns, tile, overlap);
        var output = await layout.RunAsync(normalised, 0, t => RunTileAsync(t, cancellationToken)).ConfigureAwait(false);
        var result = new float[hu.Length];
        var low = DenoisingRecipeBase.Window.WindowCenter - (DenoisingRecipeBase.Window.WindowWidth / 2);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = hu[i] <= low || hu[i] >= low + DenoisingRecipeBase.Window.WindowWidth ? hu[i] : (float)((output[i] * DenoisingRecipeBase.Window.WindowWidth) + low);
        }

        return result;
    }

    private static float[] Normalise(float[] hu)
    {
        var values = (float[])hu.Clone();
        DenoisingRecipeBase.Window.Normalize(values);
        return values;
    }

    private async Task<float[]> RunTileAsync(float[] values, CancellationToken cancellationToken)
    {
        using var input = tensor(values, [1, tile, tile]);
        using var output = await context!.Engine.InferAsync(model!, input, context.Manifest.Priority, cancellationToken).ConfigureAwait(false);
        return output.flatten().data<float>().ToArray();
    }

    /// <summary>FGSM on the tile at the slice's centre: the engine reports 1 − relative change of the output.</summary>
    private async Task<RobustnessReport> ProbeAsync(float[] hu, int rows, int columns, CancellationToken cancellationToken)
    {
        var normalised = Normalise(hu);
        var values = new float[tile * tile];
        var top = Math.Max(0, (rows - tile) / 2);
        var left = Math.Max(0, (columns - tile) / 2);
        for (var r = 0; r < tile && top + r < rows; r++)
        {
            Array.Copy(normalised, ((top + r) * columns) + left, values, r * tile, Math.Min(tile, columns - left));
        }

        using var input = tensor(values, [1, tile, tile]);
        return await context!.Engine.ProbeAsync(model!, input, context.Manifest.Priority, cancellationToken).ConfigureAwait(false);
    }
}
