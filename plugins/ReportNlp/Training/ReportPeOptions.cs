namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>Hyper-parameters of the report-pe recipe, recorded in model.json.</summary>
internal sealed record ReportPeOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 1e-4;

    public IReadOnlyList<int> FilterWidths { get; init; } = [1, 3, 5, 7, 9];

    public int FiltersPerWidth { get; init; } = 32;

    public int MaxTokens { get; init; } = 128;

    /// <summary>FGSM examples (in the standardised embedding space) mixed into every batch, Madry-style; 0 turns it off.</summary>
    public double AdversarialEpsilon { get; init; } = 0.05;

    /// <summary>Share of words replaced by the corpus mean in each training batch.</summary>
    public double WordDropout { get; init; } = 0.3;

    public int Seed { get; init; } = 1;
}
