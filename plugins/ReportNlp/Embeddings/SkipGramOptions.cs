namespace RadCnn.Plugins.ReportNlp.Embeddings;

/// <summary>Settings of <see cref="SkipGramTrainer"/>, recorded in model.json.</summary>
internal sealed record SkipGramOptions
{
    public int Dimensions { get; init; } = 32;

    /// <summary>Largest distance between a word and a context word (each centre draws 1..Window, as word2vec does).</summary>
    public int Window { get; init; } = 4;

    public int Negatives { get; init; } = 5;

    public int Epochs { get; init; } = 5;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>Words seen fewer times get no row of their own (their n-grams still give them a vector).</summary>
    public int MinCount { get; init; } = 2;

    public int Buckets { get; init; } = 4096;

    public int MinN { get; init; } = 3;

    public int MaxN { get; init; } = 5;

    public int Seed { get; init; } = 1;
}
