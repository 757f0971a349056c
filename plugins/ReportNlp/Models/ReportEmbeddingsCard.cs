namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>The embeddings part of model.json: the file, its hash, the skip-gram settings and the corpus.</summary>
internal sealed record ReportEmbeddingsCard(
    string File,
    string Sha256,
    int Vocabulary,
    int Dimensions,
    int Buckets,
    int MinN,
    int MaxN,
    int Window,
    int Negatives,
    int Epochs,
    string Corpus,
    double TrainingSeconds);
