namespace RadCnn.Training.Sessions;

/// <summary>What `radcnn train` asks for; unset values take the recipe's defaults.</summary>
internal sealed record TrainRequest
{
    public required string OutputDirectory { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>A labelled DICOM folder; null trains on the recipe's phantoms generated in memory.</summary>
    public string? DataDirectory { get; init; }

    public int? Epochs { get; init; }

    /// <summary>Weights to fine-tune from (transfer learning).</summary>
    public string? FromWeights { get; init; }

    /// <summary>Keep the recipe's early layers fixed while fine-tuning.</summary>
    public bool FreezeEarlyLayers { get; init; }

    /// <summary>Continue a checkpoint found in the output directory.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Stop after this many epochs in this call (the run stays resumable).</summary>
    public int? MaxEpochsThisRun { get; init; }

    public string Device { get; init; } = "cpu";

    /// <summary>The command line as typed, for model.json.</summary>
    public string Command { get; init; } = "radcnn train";
}
