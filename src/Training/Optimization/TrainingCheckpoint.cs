using System.Text.Json;

namespace RadCnn.Training.Optimization;

/// <summary>
/// The resumable state after a completed epoch: weights and optimizer state (TorchSharp's format)
/// plus this JSON (epochs done, history, early-stopping state). Written to temporary names and
/// renamed, so an interruption mid-write leaves the previous checkpoint intact.
/// </summary>
internal sealed record TrainingCheckpoint
{
    public const string DirectoryName = "checkpoint";

    public required string Task { get; init; }

    public required int Seed { get; init; }

    public required int EpochsDone { get; init; }

    public required int BestEpoch { get; init; }

    public required double BestValidationLoss { get; init; }

    public required int EpochsWithoutImprovement { get; init; }

    public required bool Finished { get; init; }

    public required List<EpochRecord> History { get; init; }

    public static string StatePath(string outputDirectory) => Path.Combine(outputDirectory, DirectoryName, "state.json");

    public static string WeightsPath(string outputDirectory) => Path.Combine(outputDirectory, DirectoryName, "last.bin");

    public static string OptimizerPath(string outputDirectory) => Path.Combine(outputDirectory, DirectoryName, "optimizer.bin");

    public static TrainingCheckpoint? TryLoad(string outputDirectory)
    {
        var path = StatePath(outputDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(path), TrainingJson.Options)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    public void Save(string outputDirectory)
    {
        var path = StatePath(outputDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, TrainingJson.Options));
    }
}
