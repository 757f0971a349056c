using RadCnn.Training.Recipes;

namespace RadCnn.Training.Data;

/// <summary>The samples a recipe loaded and a sentence describing them for model.json (no patient data).</summary>
public sealed record TrainingData(IReadOnlyList<TrainingSample> Samples, string Description)
{
    /// <summary>
    /// When set, the trainer keeps (and early-stops on) the epoch this whole-case figure scores highest on
    /// the validation patients, not the epoch with the lowest validation loss on the samples.
    /// </summary>
    public IWholeCaseValidation? WholeCaseValidation { get; init; }
}
