namespace RadCnn.Training.Optimization;

/// <summary>
/// One epoch of training: the running training loss and primary metric (on augmented batches), the
/// validation loss and metrics, and the learning rate used. The curves of the review's Fig. 9.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainMetric,
    double ValidationLoss,
    IReadOnlyDictionary<string, double> ValidationMetrics,
    bool Improved);
