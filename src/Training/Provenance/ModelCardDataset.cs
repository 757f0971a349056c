namespace RadCnn.Training.Provenance;

/// <summary>The data: a description (no patient data), and images and patients per split.</summary>
internal sealed record ModelCardDataset(string Description, int SplitSeed, ModelCardSplit Train, ModelCardSplit Validation, ModelCardSplit Test);
