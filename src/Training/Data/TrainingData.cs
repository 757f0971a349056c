namespace RadCnn.Training.Data;

/// <summary>The samples a recipe loaded and a sentence describing them for model.json (no patient data).</summary>
public sealed record TrainingData(IReadOnlyList<TrainingSample> Samples, string Description);
