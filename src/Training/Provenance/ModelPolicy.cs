using System.Text.Json;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Provenance;

/// <summary>
/// The parts of a model.json a plugin needs at run time: the input the weights were trained on, the
/// decision policy (temperature and threshold fitted on validation) and the training inputs'
/// distribution profile. Read by plugins next to their weights, so preparation and decision follow
/// the shipped model, not a constant in code.
/// </summary>
public sealed record ModelPolicy
{
    public const string FileName = "model.json";

    /// <summary>The input the weights were trained on (shape and normalisation), as training recorded it.</summary>
    public InputSpec? Input { get; init; }

    public DecisionPolicy? Decision { get; init; }

    /// <summary>The recorded input, checked; throws <see cref="InvalidDataException"/> naming <paramref name="path"/> when it is missing or unusable.</summary>
    public InputSpec RequireInput(string path)
    {
        if (Input is null)
        {
            throw new InvalidDataException($"{path} records no input (channels, height, width, normalization): the images cannot be prepared as in training");
        }

        try
        {
            Input.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path} records an unusable input: {e.Message}", e);
        }

        return Input;
    }

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

    /// <summary>The path of the model.json in the weights' folder.</summary>
    public static string PathBeside(string weightsPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weightsPath)) ?? ".", FileName);

    /// <summary>The policy of the model.json in the weights' folder, or null when there is none.</summary>
    public static ModelPolicy? TryLoadBeside(string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        var path = PathBeside(weightsPath);
        return File.Exists(path) ? Load(path) : null;
    }
}
