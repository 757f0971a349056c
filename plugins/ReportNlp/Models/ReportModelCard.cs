using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// model/model.json: what the shipped report model is, how its input is made (tokens, embeddings and
/// their standardisation), the decision threshold and temperature chosen on the validation split, how
/// it was trained, and its held-out figures. Inference reads the input shape and threshold from here.
/// </summary>
internal sealed record ReportModelCard
{
    public const string FileName = "model.json";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Task { get; init; } = "report-pe";

    public string Description { get; init; } = "Acute pulmonary embolism stated in a CT pulmonary angiography report (binary).";

    public string Architecture { get; init; } = "";

    public IReadOnlyList<string> Classes { get; init; } = ["no acute PE", "acute PE"];

    public int MaxTokens { get; init; }

    public int Dimensions { get; init; }

    public IReadOnlyList<int> FilterWidths { get; init; } = [];

    public int FiltersPerWidth { get; init; }

    /// <summary>Decision threshold on the calibrated probability, chosen on the validation split (best F1).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Softmax temperature fitted on the validation split (lowest negative log-likelihood).</summary>
    public double Temperature { get; init; } = 1;

    public ReportEmbeddingsCard? Embeddings { get; init; }

    public Dictionary<string, object?> Training { get; init; } = [];

    public Dictionary<string, double> Validation { get; init; } = [];

    public Dictionary<string, object?> Test { get; init; } = [];

    public string WeightsFile { get; init; } = "model.bin";

    public string WeightsSha256 { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public string Notice { get; init; } = "Trained on RadCnn's synthetic reports only; not for clinical use.";

    public static ReportModelCard Load(string path) =>
        JsonSerializer.Deserialize<ReportModelCard>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
