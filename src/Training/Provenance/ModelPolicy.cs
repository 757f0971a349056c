using System.Text.Json;
using RadCnn.Training.Decisions;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Provenance;

/// <summary>
/// The parts of a model.json a plugin needs at run time: the decision policy (temperature and
/// threshold fitted on validation) and the training inputs' distribution profile. Read by plugins
/// next to their weights, so the decision follows the shipped model, not a constant in code.
/// </summary>
public sealed record ModelPolicy
{
    public const string FileName = "model.json";

    public DecisionPolicy? Decision { get; init; }

    public DistributionProfile? OutOfDistribution { get; init; }

    /// <summary>Reads the policy of a model.json; throws <see cref="InvalidDataException"/> on a file that is not one.</summary>
    public static ModelPolicy Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelPolicy>(File.ReadAllText(path), TrainingJson.Options) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid model.json: {e.Message}", e);
        }
    }

    /// <summary>The policy of the model.json in the weights' folder, or null when there is none.</summary>
    public static ModelPolicy? TryLoadBeside(string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weightsPath)) ?? ".", FileName);
        return File.Exists(path) ? Load(path) : null;
    }
}
