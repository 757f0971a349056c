using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// The plugin's decision thresholds, chosen on validation scans (a phantom seed used neither for
/// training nor for testing) and recorded in model/decision.json and in both model.json files:
/// a candidate is reported as a nodule at <see cref="NoduleThreshold"/> (the FROC point of at most
/// one false positive per validation scan) and called malignant at <see cref="MalignancyThreshold"/>
/// (Youden's J on the validation nodules).
/// <para>
/// The same weights score finer scans differently (thresholds calibrated on 2.5-3.6 mm pixels gave
/// 10 false positives per scan and missed about 40% of malignant nodules on the same cases at
/// 0.6-0.9 mm), so a file may hold
/// <see cref="Bands"/>: thresholds calibrated at another in-plane pixel spacing, of which
/// <see cref="For"/> picks the one covering a series. The top-level thresholds apply where no band
/// does, and are all there is in a file without bands (which then behaves as before bands existed).
/// </para>
/// </summary>
internal sealed record Decision
{
    public const string FileName = "decision.json";

    [JsonPropertyName("noduleThreshold")]
    public double NoduleThreshold { get; init; } = 0.5;

    [JsonPropertyName("malignancyThreshold")]
    public double MalignancyThreshold { get; init; } = 0.5;

    [JsonPropertyName("source")]
    public string Source { get; init; } = "default (no validation run recorded)";

    /// <summary>Thresholds by in-plane pixel spacing, the first band covering a series wins; absent in files without bands.</summary>
    [JsonPropertyName("bands")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DecisionBand>? Bands { get; init; }

    /// <summary>The band these thresholds were taken from (<see cref="For"/>); null for the top-level ones.</summary>
    [JsonIgnore]
    public string? Band { get; init; }

    /// <summary>
    /// The plugin folder's decision file (model/decision.json), pinned by SHA-256 in plugin.json as model "decision"
    /// (the host refuses a folder whose file is not the pinned one, and result.json names it with the weights);
    /// defaults where the file is missing.
    /// </summary>
    public static Decision Load(string directory)
    {
        var path = Path.Combine(directory, "model", FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Decision>(File.ReadAllText(path)) ?? new Decision() : new Decision();
    }

    /// <summary>
    /// The thresholds for a series of this in-plane pixel spacing (mm): the first band that covers it,
    /// else the top-level thresholds (unchanged, <see cref="Band"/> null).
    /// </summary>
    public Decision For(double pixelSpacingMm)
    {
        if (Bands?.FirstOrDefault(b => b.Covers(pixelSpacingMm)) is not { } band)
        {
            return this;
        }

        return this with
        {
            NoduleThreshold = band.NoduleThreshold,
            MalignancyThreshold = band.MalignancyThreshold,
            Source = string.Create(CultureInfo.InvariantCulture, $"{band.Name} band, pixel spacing {band.Range}: {band.Source}"),
            Band = band.Name,
        };
    }
}
