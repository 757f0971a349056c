namespace RadCnn.Training.Optimization;

/// <summary>How the learning rate changes over the epochs.</summary>
public enum LearningRateSchedule
{
    Constant = 0,

    /// <summary>Multiplied by <see cref="TrainingHyperParameters.StepGamma"/> every <see cref="TrainingHyperParameters.StepEpochs"/> epochs.</summary>
    Step = 1,

    /// <summary>Cosine annealing from the initial rate to 1 % of it at the last epoch.</summary>
    Cosine = 2,
}
