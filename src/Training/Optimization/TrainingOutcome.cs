namespace RadCnn.Training.Optimization;

/// <summary>What a training run produced: the epochs, the best one, and whether it finished.</summary>
internal sealed record TrainingOutcome(
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    double BestValidationLoss,
    bool Completed,
    bool StoppedEarly,
    string BestWeightsPath);
