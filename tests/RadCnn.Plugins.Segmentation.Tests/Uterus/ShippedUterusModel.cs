using System.Globalization;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>The shipped uterus and tumour networks with their shipped thresholds, evaluated on a folder of labelled MR series (MR + SEG).</summary>
internal static class ShippedUterusModel
{
    public static async Task<IReadOnlyList<UterusCaseMetrics>> EvaluateAsync(string folder)
    {
        var settings = UterusSettings.Load(Path.Combine(Repository.ModelFolder, UterusSettings.FileName));
        using var net = UNet2DLoader.Load(settings.Planes, Path.Combine(Repository.ModelFolder, "uterus", "model.bin"));
        var tumourPath = Path.Combine(Repository.ModelFolder, "uterus-tumour", "model.bin");
        using var tumourNet = File.Exists(tumourPath) ? UNet2DLoader.Load(settings.Planes, tumourPath) : null;
        var segmenter = new UterusSegmenter(new ModuleSliceModel(net, tumourNet), settings);
        var metrics = new List<UterusCaseMetrics>();
        foreach (var mr in LabelledMrFolder.Read(folder))
        {
            metrics.Add((await UterusEvaluator.EvaluateAsync(segmenter, mr, CancellationToken.None)).Metrics);
        }

        return metrics;
    }

    /// <summary>Each case's Dice for the failure message.</summary>
    public static string Describe(IEnumerable<UterusCaseMetrics> metrics) => string.Join("; ", metrics.Select(m => FormattableString.Invariant($"{m.Id}: uterus Dice {m.UterusDice:F3}, tumour {m.TumourDice?.ToString("F3", CultureInfo.InvariantCulture) ?? "-"}")));
}
