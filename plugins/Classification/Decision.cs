using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// The plugin's decision thresholds, chosen on validation scans (a phantom seed used neither for
/// training nor for testing) and recorded in model/decision.json and in both model.json files:
/// a candidate is reported as a nodule at <see cref="NoduleThreshold"/> (the FROC point of at most
/// one false positive per validation scan) and called malignant at <see cref="MalignancyThreshold"/>
/// (Youden's J on the validation nodules).
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

    public static Decision Load(string directory)
    {
        var path = Path.Combine(directory, "model", FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Decision>(File.ReadAllText(path)) ?? new Decision() : new Decision();
    }
}
