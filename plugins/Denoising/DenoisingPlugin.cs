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
/// U-Net (or the encoder-decoder) whole, or in overlapping, blended tiles when larger than a tile; the result is a derived CT series in the same study
/// (new series, same geometry and Frame of Reference, DERIVED\SECONDARY, Source Image Sequence per
/// slice, HU stored through the source's own rescale), a result.json with the noise reduction
/// measured in homogeneous regions and the FGSM probe's relative change. Trained on simulated
/// phantoms only: not for clinical use.
/// </summary>
public sealed class DenoisingPlugin : IRadCnnPlugin
{
    /// <summary>
    /// The network used unless the configuration's "Model" names another (a weight file's name in
    /// plugin.json): since 1.2.0 the mean-centred U-Net trained against the FGSM probe with a local-mean
    /// loss term (`denoising-unet-mc-lm8`), the first whose output the probe's attack moves by at most 5% on
    /// every seed measured while mean HU stays within 5 HU and it beats total variation by 1.7 dB on held-out
    /// body phantoms. "denoising-unet" (1.1.0's default) is 2.4 dB sharper and keeps more of the attack
    /// (5.2-5.9%); a site that prefers it names it (bench/denoising; README). A site whose scans are
    /// sparse-view (every 6th view or so) names "denoising-unet-sparse" (since 1.3.0): the same architecture
    /// trained on sparse-view phantoms, which removes FBP's view-aliasing streaks as well as the noise.
    /// Since 1.4.0 the default is "denoising-unet-mc-textured": the same network fine-tuned on textured body phantoms
    /// in 128 px crops centred in the body, +0.5 dB on held-out body slices and +0.4 dB on the insert generator, HU and
    /// the probe within the same bars; "denoising-unet-mc" (1.2.0-1.3.0's default) stays selectable. Since 1.5.0 a light
    /// total-variation step follows the network by default (<see cref="DenoiserChoice"/>: "RefinementWeight", 0 for none;
    /// "SecondModel" blends a second network's output in).
    /// </summary>
    public const string DefaultModel = ModelLoader.TexturedMeanCentredUNetName;

    /// <summary>
    /// Largest tile side by default: a 512 × 512 slice (or smaller) goes through the network in one
    /// piece, padded only to a multiple of 4 (the U-Net's two poolings), so the network computes each
    /// pixel once; larger slices are tiled at this side with <see cref="DefaultOverlap"/>. 96 px tiles
    /// overlapping by 16 px computed a 512 slice's pixels 2.25 times over, plus a call per tile.
    /// </summary>
    public const int DefaultTile = 512;

    /// <summary>Overlap of neighbouring tiles on each side by default (the blending ramp's length).</summary>
    public const int DefaultOverlap = 16;

    /// <summary>
    /// The FGSM probe's input side: the centre of the middle slice, inside the body, the same crop
    /// whatever the tile size (a larger crop would add air and change what the relative change means).
    /// </summary>
    public const int ProbeSide = 96;

    /// <summary>One registration per tile side in use (the engine checks each input's shape against its registration).</summary>
    private readonly Dictionary<int, IModelHandle> handles = [];
    private IPluginContext? context;
    private DenoiserChoice choice = DenoiserChoice.Default;
    private byte[] weights = [];
    private byte[]? secondWeights;
    private TotalVariationRefinement? refinement;
    private IModelHandle? probeModel;
    private int tile = DefaultTile;
    private int overlap = DefaultOverlap;
    private bool probe = true;
    private double maximumPixelSpacingMm = CtSeriesGate.DefaultMaximumPixelSpacingMm;

    /// <summary>The largest tile side (configuration "Tile").</summary>
    internal int Tile => tile;

    internal int Overlap => overlap;

    /// <summary>The same network registered for the FGSM probe's <see cref="ProbeSide"/> crop.</summary>
    internal IModelHandle? ProbeModel => probeModel;

    public PluginDescription Describe() => new("Low-dose CT denoising: a derived CT series with measured noise reduction.")
    {
        IntendedUse = "Research demonstration on simulated low-dose CT phantoms; not for clinical use.",
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        tile = int.TryParse(context.Configuration["Tile"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : DefaultTile;
        overlap = int.TryParse(context.Configuration["Overlap"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : DefaultOverlap;
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        choice = DenoiserChoice.From(context.Configuration, context.Manifest.Id);
        if (context.Configuration["MaximumPixelSpacingMm"] is { } spacingText)
        {
            maximumPixelSpacingMm = double.TryParse(spacingText, NumberStyles.Float, CultureInfo.InvariantCulture, out var spacing) && spacing is > 0 and <= 10
                ? spacing
                : throw new InvalidOperationException($"Plugins:{context.Manifest.Id}: MaximumPixelSpacingMm must be a number of millimetres above 0 and at most 10; got '{spacingText}'");
        }

        var multiple = choice.SideMultiple;
        if (tile < 32 || tile % multiple != 0 || overlap < 0 || overlap * 2 >= tile)
        {
            throw new InvalidOperationException($"Plugins:{context.Manifest.Id}: Tile must be a multiple of {multiple} of at least 32 (the U-Net pools twice, {ModelLoader.DeepUNetName} three times) and Overlap from 0 to under half of it; got Tile {tile}, Overlap {overlap}");
        }

        weights = await File.ReadAllBytesAsync(context.GetModelPath(choice.Model), cancellationToken).ConfigureAwait(false);
        secondWeights = choice.SecondModel is null ? null : await File.ReadAllBytesAsync(context.GetModelPath(choice.SecondModel), cancellationToken).ConfigureAwait(false);
        refinement = choice.Refinement();
        // The probe attacks the whole reported path on its crop: the network(s) and the total-variation step as one module.
        probeModel = Register(ProbeSide, "-probe", withRefinement: true);
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || probeModel is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (CtSeriesGate.RefusalReason(series, minimumSide: 32, maximumPixelSpacingMm) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        var watch = Stopwatch.StartNew();
        var sources = series.Instances.OrderBy(d => d.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0)).ToList();
        try
        {
            // Every slice decoded once before any network runs, so that undecodable pixels are refused up front; the
            // loop below decodes each again when its turn comes (a copy per slice) rather than holding the series as floats.
            foreach (var source in sources)
            {
                SourcePixels.Modality(new DicomFile(source));
            }
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            return PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})");
        }

        var rows = sources[0].GetSingleValueOrDefault(DicomTag.Rows, 0);
        var columns = sources[0].GetSingleValueOrDefault(DicomTag.Columns, 0);
        var version = context.Manifest.Version.ToString();
        var algorithm = new AlgorithmIdentity(context.Manifest.Id, version) { DisplayName = "RadCnn " + choice.Model };
        var builder = new DerivedSeriesBuilder(sources, algorithm, context.TimeProvider)
        {
            DerivationDescription = $"CNN denoising of low-dose CT ({choice.Description}; plugin {version}, tiles up to {tile} px, overlap {overlap})",
            SeriesDescription = $"RadCnn denoised {choice.Model} {version}",
        };

        // Slice by slice: decoded, denoised and written as its derived instance, so the plugin holds the encoded results
        // and a few slices of floats, not the series twice over in floats (8 bytes a pixel more: 630 MB for 300 x 512²).
        // The middle slice's input and output and its neighbour's output are kept for the noise measurement and the probe.
        var middle = sources.Count / 2;
        // The windows are chosen on the next slice's denoised image (the previous one's for the last), the noise measured on the middle one.
        var neighbourIndex = middle + 1 < sources.Count ? middle + 1 : middle - 1;
        float[] middleInput = [], middleOutput = [];
        float[]? neighbour = null;
        var files = new DicomFile[sources.Count];
        for (var s = 0; s < sources.Count; s++)
        {
            var hu = SourcePixels.Modality(new DicomFile(sources[s]));
            var output = await DenoiseAsync(hu, rows, columns, cancellationToken).ConfigureAwait(false);
            files[s] = builder.BuildSlice(s, output);
            if (s == middle)
            {
                (middleInput, middleOutput) = (hu, output);
            }
            else if (s == neighbourIndex)
            {
                neighbour = output;
            }
        }

        var region = NoiseRegion.Find(middleInput, middleOutput, rows, columns, Math.Max(8, Math.Min(rows, columns) / 16), neighbour);
        var robustness = probe ? await ProbeAsync(middleInput, rows, columns, cancellationToken).ConfigureAwait(false) : null;
        var seconds = watch.Elapsed.TotalSeconds;
        var measurements = new List<Measurement>();
        if (region is not null)
        {
            measurements.Add(new Measurement("noise SD before denoising (homogeneous regions, median)", region.InputSdHu, "[hnsf'U]"));
            measurements.Add(new Measurement("noise SD after denoising (homogeneous regions, median)", region.OutputSdHu, "[hnsf'U]"));
            measurements.Add(new Measurement("noise reduction factor", region.Reduction, "1"));
            measurements.Add(new Measurement("mean HU shift in homogeneous regions (median)", region.MeanShiftHu, "[hnsf'U]"));
        }

        if (robustness is not null)
        {
            measurements.Add(new Measurement("FGSM relative output change", 1 - robustness.Agreement, "1"));
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            plugin = context.Manifest.Id,
            version,
            model = choice.Model,
            secondModel = choice.SecondModel,
            firstModelShare = choice.FirstModelShare,
            refinement = choice.RefinementWeight > 0 ? new { totalVariationWeight = choice.RefinementWeight, iterations = choice.RefinementIterations } : null,
            slices = sources.Count,
            rows,
            columns,
            tile,
            overlap,
            seconds = Math.Round(seconds, 3),
            derivedSeriesInstanceUid = files[0].Dataset.GetString(DicomTag.SeriesInstanceUID),
            noise = region is null ? null : new
            {
                slice = middle + 1,
                windows = new { count = region.Windows, side = region.Side, chosenOnSlice = neighbour is null ? middle + 1 : neighbourIndex + 1 },
                inputMeanHu = Math.Round(region.InputMeanHu, 2),
                inputSdHu = Math.Round(region.InputSdHu, 2),
                outputMeanHu = Math.Round(region.OutputMeanHu, 2),
                outputSdHu = Math.Round(region.OutputSdHu, 2),
                reduction = Math.Round(region.Reduction, 3),
                meanShiftHu = Math.Round(region.MeanShiftHu, 2),
            },
            robustness = robustness is null ? null : new { epsilon = robustness.Epsilon, epsilonHu = robustness.Epsilon * 4000, relativeChange = Math.Round(1 - robustness.Agreement, 4), fragile = robustness.Fragile },
            notice = "Trained on simulated phantoms; not for clinical use.",
        }, new JsonSerializerOptions { WriteIndented = true });
        var message = region is null
            ? string.Create(CultureInfo.InvariantCulture, $"{sources.Count} slices denoised in {seconds:F1} s; no homogeneous soft-tissue region found to measure the noise")
            : string.Create(CultureInfo.InvariantCulture, $"{sources.Count} slices denoised in {seconds:F1} s; noise SD {region.InputSdHu:F1} -> {region.OutputSdHu:F1} HU (x{region.Reduction:F2}) in homogeneous regions");
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
        lock (handles)
        {
            foreach (var handle in handles.Values)
            {
                handle.Dispose();
            }

            handles.Clear();
        }

        probeModel?.Dispose();
        probeModel = null;
        refinement?.Dispose();
        refinement = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>One slice in HU through the network, whole or in blended tiles, back in HU; values outside the window pass through untouched.</summary>
    internal async Task<float[]> DenoiseAsync(float[] hu, int rows, int columns, CancellationToken cancellationToken)
    {
        var normalised = Normalise(hu);
        // A slice up to the largest tile runs whole (padded with air to a multiple of 4, or 8 for three poolings), larger ones in tiles of that side.
        var multiple = choice.SideMultiple;
        var side = Math.Min(tile, (Math.Max(rows, columns) + multiple - 1) / multiple * multiple);
        var handle = Handle(side);
        var layout = new TileLayout(rows, columns, side, side == tile ? overlap : 0);
        var output = await layout.RunAsync(normalised, 0, t => RunTileAsync(handle, side, t, cancellationToken)).ConfigureAwait(false);
        if (refinement is not null)
        {
            // The total-variation step on the whole slice once its tiles are blended, so that no tile border shows in it.
            output = Refine(output, rows, columns);
        }

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

    private async Task<float[]> RunTileAsync(IModelHandle handle, int side, float[] values, CancellationToken cancellationToken)
    {
        using var input = tensor(values, [1, side, side]);
        using var output = await context!.Engine.InferAsync(handle, input, context.Manifest.Priority, cancellationToken).ConfigureAwait(false);
        using var flat = output.flatten();
        return flat.data<float>().ToArray();
    }

    /// <summary>The network registered for square inputs of this side (registered on first use; slice sizes in a service are few).</summary>
    private IModelHandle Handle(int side)
    {
        lock (handles)
        {
            if (!handles.TryGetValue(side, out var handle))
            {
                handle = Register(side, string.Create(CultureInfo.InvariantCulture, $"-{side}"), withRefinement: false);
                handles.Add(side, handle);
            }

            return handle;
        }
    }

    private float[] Refine(float[] normalised, int rows, int columns)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return refinement!.call(tensor(normalised, [1, 1, rows, columns])).flatten().data<float>().ToArray();
    }

    private IModelHandle Register(int side, string suffix, bool withRefinement)
    {
        var (chosen, first, second) = (choice, weights, secondWeights);
        return context!.Engine.Register(new ModelRegistration(chosen.Model + suffix, () => chosen.Create(first, second, withRefinement), [1, side, side], ModelOutputKind.Image)
        {
            InputRange = (0, 1),
        });
    }

    /// <summary>FGSM on the <see cref="ProbeSide"/> crop at the slice's centre (the engine's zero-mean image attack): the engine reports 1 − relative change of the output.</summary>
    internal async Task<RobustnessReport> ProbeAsync(float[] hu, int rows, int columns, CancellationToken cancellationToken)
    {
        var normalised = Normalise(hu);
        var values = new float[ProbeSide * ProbeSide];
        var top = Math.Max(0, (rows - ProbeSide) / 2);
        var left = Math.Max(0, (columns - ProbeSide) / 2);
        for (var r = 0; r < ProbeSide && top + r < rows; r++)
        {
            Array.Copy(normalised, ((top + r) * columns) + left, values, r * ProbeSide, Math.Min(ProbeSide, columns - left));
        }

        using var input = tensor(values, [1, ProbeSide, ProbeSide]);
        return await context!.Engine.ProbeAsync(probeModel!, input, context.Manifest.Priority, cancellationToken).ConfigureAwait(false);
    }
}
