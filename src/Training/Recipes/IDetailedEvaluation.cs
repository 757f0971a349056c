namespace RadCnn.Training.Recipes;

/// <summary>
/// A recipe whose task is judged by more than the toolkit's metrics (for example per-subset accuracy
/// beside a traditional baseline, calibration and robustness). `radcnn eval TASK` prints this
/// evaluation after the toolkit's own, so the task's figures come from the same command.
/// </summary>
public interface IDetailedEvaluation
{
    /// <summary>
    /// Evaluates the weights at <paramref name="weightsPath"/> on labelled data from
    /// <paramref name="dataDirectory"/> or, when it is null, on the recipe's own phantoms drawn with
    /// <paramref name="seed"/> (which also seeds any bootstrap).
    /// </summary>
    DetailedEvaluation EvaluateInDetail(string? dataDirectory, string weightsPath, int seed);
}
