using RadCnn.Training.Optimization;

namespace RadCnn.Training.Sessions;

/// <summary>The outcome of `radcnn train`: the history and, when the run finished, the test evaluation and the files written.</summary>
internal sealed record TrainingReport(
    TrainingOutcome Outcome,
    EvaluationResult? Test,
    string? WeightsPath,
    string? ModelCardPath,
    IReadOnlyList<string> Plots);
