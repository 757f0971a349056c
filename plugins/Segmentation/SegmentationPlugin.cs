using System.Globalization;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Inference;

namespace RadCnn.Plugins.Segmentation;

/// <summary>
/// Organ and tumour segmentation with two model sets chosen by modality and body part: abdominal CT
/// goes to the liver cascade (cascaded 3D U-Nets, liver and liver masses), pelvic MR to the uterus
/// U-Net (2D slices, uterus and uterine tumour with its depth of invasion). Each returns a DICOM SEG,
/// an SR with volumes and FGSM robustness per segment, a key image with contours, previews and
/// result.json. Trained on synthetic phantoms only: not for clinical use.
/// </summary>
public sealed class SegmentationPlugin : IRadCnnPlugin
{
    public const string LiverModelName = "liver";

    public const string MassModelName = "liver-mass";

    public const string UterusModelName = "uterus";

    public const string TumourModelName = "uterus-tumour";

    private LiverPipeline? liver;
    private UterusPipeline? uterus;

    public PluginDescription Describe() => new("Liver and liver masses on abdominal CT; uterus and uterine tumour on pelvic MR: DICOM SEG, volumes, mass count and diameters, depth of invasion, robustness.")
    {
        IntendedUse = "Research demonstration on synthetic abdominal CT and pelvic MR phantoms; not for clinical use.",
        FindingCodes = [ResultCodes.Liver.Value, ResultCodes.Mass.Value, ResultCodes.Uterus.Value, ResultCodes.Neoplasm.Value],
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        liver = await LiverPipeline.CreateAsync(context, probe, cancellationToken).ConfigureAwait(false);
        uterus = await UterusPipeline.CreateAsync(context, probe, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (liver is null || uterus is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ImageSeriesWorkItem series)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        var route = Route(series);
        var reason = route == ModelSet.Uterus ? MrSeriesGate.RefusalReason(series) : CtSeriesGate.RefusalReason(series);
        if (reason is not null)
        {
            return PluginResult.NotApplicable(reason);
        }

        var (volume, refusal) = await SeriesVolume.ReadAsync(series, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            return refusal!;
        }

        return route == ModelSet.Uterus
            ? await uterus.ProcessAsync(volume, cancellationToken).ConfigureAwait(false)
            : await liver.ProcessAsync(volume, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        liver?.Dispose();
        uterus?.Dispose();
        liver = null;
        uterus = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Which model set reads a series: MR goes to the uterus model (whose gate refuses MR of anything but
    /// the pelvis), everything else to the liver cascade (whose gate refuses what is not abdominal CT).
    /// </summary>
    internal static ModelSet Route(ImageSeriesWorkItem series) => series.Modality == "MR" ? ModelSet.Uterus : ModelSet.Liver;

    internal static double? Number(string? text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    internal enum ModelSet
    {
        Liver,
        Uterus,
    }
}
