using System.Text.Json.Serialization;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// Thresholds calibrated on validation scans of one range of in-plane pixel spacing (mm):
/// from <see cref="MinPixelSpacingMm"/> (inclusive) up to <see cref="MaxPixelSpacingMm"/> (exclusive);
/// a missing bound is open.
/// </summary>
internal sealed record DecisionBand
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("minPixelSpacingMm")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinPixelSpacingMm { get; init; }

    [JsonPropertyName("maxPixelSpacingMm")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxPixelSpacingMm { get; init; }

    [JsonPropertyName("noduleThreshold")]
    public double NoduleThreshold { get; init; } = 0.5;

    [JsonPropertyName("malignancyThreshold")]
    public double MalignancyThreshold { get; init; } = 0.5;

    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonIgnore]
    public string Range => (MinPixelSpacingMm, MaxPixelSpacingMm) switch
    {
        (null, null) => "any",
        (null, { } max) => FormattableString.Invariant($"below {max} mm"),
        ({ } min, null) => FormattableString.Invariant($"{min} mm and above"),
        ({ } min, { } max) => FormattableString.Invariant($"{min}-{max} mm"),
    };

    public bool Covers(double pixelSpacingMm) =>
        (MinPixelSpacingMm is not { } min || pixelSpacingMm >= min) && (MaxPixelSpacingMm is not { } max || pixelSpacingMm < max);
}
