using System.Text.Json;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Provenance;

/// <summary>
/// model.json: everything needed to trust, reproduce and pin a set of weights: the architecture, the
/// input and its normalisation, the command and seed, the data and its split, the test metrics and the
/// SHA-256 of the weights (which a plugin manifest repeats). Holds no patient data.
/// </summary>
internal sealed record ModelCard
{
    public const string FileName = "model.json";

    public required string Task { get; init; }

    public required string Description { get; init; }

    public required string Architecture { get; init; }

    public required TrainingTaskKind Kind { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    public required InputSpec Input { get; init; }

    public required ModelCardTraining Training { get; init; }

    public required ModelCardDataset Dataset { get; init; }

    public required double TestLoss { get; init; }

    public required IReadOnlyDictionary<string, double> TestMetrics { get; init; }

    public required ModelCardWeights Weights { get; init; }

    /// <summary>Temperature and decision threshold fitted on the validation split (binary classification).</summary>
    public DecisionPolicy? Decision { get; init; }

    /// <summary>The training inputs' statistics, for flagging an input unlike them.</summary>
    public DistributionProfile? OutOfDistribution { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string Software { get; init; }

    public string Notice { get; init; } = "Trained by RadCnn's training toolkit. Not for clinical use.";

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, TrainingJson.Options));

    public static ModelCard Load(string path) =>
        JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), TrainingJson.Options) ?? throw new InvalidDataException($"{path} is empty");
}
