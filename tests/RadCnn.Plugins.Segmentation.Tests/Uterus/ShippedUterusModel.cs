using System.Globalization;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// A committed uterus network (by default the shipped one, with the shipped thresholds) and the shipped
/// tumour network (whole slices, or the cascade's box when uterus.json says so), evaluated on a folder of labelled MR series (MR + SEG).
/// </summary>
internal static class ShippedUterusModel
{
    /// <param name="network">The folder under model/ holding the uterus network's model.bin.</param>
    /// <param name="settingsFile">Its thresholds, relative to model/ (default the shipped uterus.json).</param>
    public static async Task<IReadOnlyList<UterusCaseMetrics>> EvaluateAsync(string folder, string network = "uterus", string settingsFile = UterusSettings.FileName) =>
        (await EvaluateCasesAsync(folder, network, settingsFile)).Select(c => c.Metrics).ToList();

    /// <summary>As <see cref="EvaluateAsync"/>, with each case's series and the model's maps and masks (to test the decision on real maps).</summary>
    public static async Task<IReadOnlyList<(LabelledMr Mr, UterusCaseMetrics Metrics, UterusResult Result)>> EvaluateCasesAsync(string folder, string network = "uterus", string settingsFile = UterusSettings.FileName)
    {
        var settings = UterusSettings.Load(Path.Combine(Repository.ModelFolder, settingsFile));
        using var net = UNet2DLoader.Load(settings.Planes, Path.Combine(Repository.ModelFolder, network, "model.bin"));
        var tumourPath = Path.Combine(Repository.ModelFolder, "uterus-tumour", "model.bin");
        using var tumourNet = File.Exists(tumourPath) ? UNet2DLoader.Load(settings.Planes, tumourPath) : null;
        // With a cascade (tumourCropSize in uterus.json) the tumour network reads the box around the uterus.
        var cascade = tumourNet is not null && settings.TumourCropSize > 0;
        var segmenter = new UterusSegmenter(new ModuleSliceModel(net, cascade ? null : tumourNet), settings, cascade ? new ModuleTumourCropModel(tumourNet!, settings.TumourCropSize) : null);
        var cases = new List<(LabelledMr, UterusCaseMetrics, UterusResult)>();
        foreach (var mr in LabelledMrFolder.Read(folder))
        {
            var (metrics, result) = await UterusEvaluator.EvaluateAsync(segmenter, mr, CancellationToken.None);
            cases.Add((mr, metrics, result));
        }

        return cases;
    }

    /// <summary>The shipped decision settings (model/uterus.json).</summary>
    public static UterusSettings Settings => UterusSettings.Load(Path.Combine(Repository.ModelFolder, UterusSettings.FileName));

    /// <summary>Each case's Dice for the failure message.</summary>
    public static string Describe(IEnumerable<UterusCaseMetrics> metrics) => string.Join("; ", metrics.Select(m => FormattableString.Invariant($"{m.Id}: uterus Dice {m.UterusDice:F3}, tumour {m.TumourDice?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"}")));
}
