using System.Diagnostics;
using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Text;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>
/// Recipe "report-embeddings": subword skip-gram vectors learnt from unlabelled report text (the
/// mixed-style generator's reports of <see cref="ReportData.EmbeddingSeed"/>, or every .txt under a
/// user's folder), written as embeddings.bin.
/// </summary>
internal static class ReportEmbeddingsRecipe
{
    public const string Task = "report-embeddings";

    public static (SubwordEmbeddings Embeddings, ReportEmbeddingsCard Card) Run(string outputDirectory, string? textDirectory, SkipGramOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var texts = textDirectory is null
            ? ReportSetWriter.Generate(new MixedReportGenerator(), ReportData.EmbeddingCount, ReportData.EmbeddingSeed).Select(r => r.Text).ToList()
            : Directory.EnumerateFiles(textDirectory, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var corpus = texts.Select(ReportTokenizer.Words).ToList();
        var watch = Stopwatch.StartNew();
        var embeddings = SkipGramTrainer.Train(corpus, options, progress);
        var seconds = watch.Elapsed.TotalSeconds;
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, ReportModel.EmbeddingsFile);
        embeddings.Save(path);
        var description = textDirectory is null
            ? $"{texts.Count} unlabelled synthetic reports of mixed styles (seed {ReportData.EmbeddingSeed}), {corpus.Sum(c => c.Length)} tokens"
            : $"{texts.Count} report texts from a user folder, {corpus.Sum(c => c.Length)} tokens";
        var card = new ReportEmbeddingsCard(ReportModel.EmbeddingsFile, RadCnn.Training.Optimization.WeightFiles.Sha256(path), embeddings.Vocabulary.Count,
            options.Dimensions, options.Buckets, options.MinN, options.MaxN, options.Window, options.Negatives, options.Epochs, description, Math.Round(seconds, 1));
        progress?.Invoke($"{description}: vocabulary {embeddings.Vocabulary.Count}, {seconds:F1} s; wrote {path}");
        return (embeddings, card);
    }
}
