using RadCnn.Training.Recipes;

namespace RadCnn.Training.Optimization;

/// <summary>One training run: seed, hyper-parameters, start weights and where it may stop.</summary>
internal sealed record TrainingOptions
{
    public required int Seed { get; init; }

    public required TrainingHyperParameters HyperParameters { get; init; }

    /// <summary>Weights to start from (fine-tuning); null trains from scratch.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Keep the recipe's early layers fixed while fine-tuning.</summary>
    public bool FreezeEarlyLayers { get; init; }

    /// <summary>Continue from the checkpoint in the output directory when there is one.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Stop (resumably) after this many epochs in this call; for interruption and tests.</summary>
    public int? MaxEpochsThisRun { get; init; }

    /// <summary>"cpu" or "cuda"; the code is device-agnostic.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The recipe's whole-case figure that picks the kept epoch (higher is better); null keeps the lowest validation loss.</summary>
    public IWholeCaseValidation? WholeCaseValidation { get; init; }
}
