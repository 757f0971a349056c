using RadCnn.Training.Optimization;

namespace RadCnn.Training.Provenance;

/// <summary>How the weights were trained: the command, the seed, the hyper-parameters, and what fine-tuning started from.</summary>
internal sealed record ModelCardTraining(
    string Command,
    int Seed,
    TrainingHyperParameters HyperParameters,
    int EpochsRun,
    int BestEpoch,
    bool StoppedEarly,
    string? InitialWeightsSha256,
    IReadOnlyList<string> FrozenLayers,
    string Device);
