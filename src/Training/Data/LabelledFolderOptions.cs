using RadCnn.Training.Optimization;

namespace RadCnn.Training.Data;

/// <summary>What a recipe expects from a user's folder: the input to prepare, the class names, and the kind of target.</summary>
public sealed record LabelledFolderOptions(InputSpec Input, IReadOnlyList<string> ClassNames, TrainingTaskKind Kind);
