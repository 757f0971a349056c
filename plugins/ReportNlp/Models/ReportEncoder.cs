using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Text;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// Turns a report into the network's input: its first <see cref="MaxTokens"/> tokens as rows of
/// standardised word vectors, [1, tokens, dimensions], zero rows (the corpus mean) after the end.
/// Training, evaluation and the plugin all go through here, so they prepare text the same way.
/// </summary>
internal sealed class ReportEncoder(SubwordEmbeddings embeddings, int maxTokens)
{
    public SubwordEmbeddings Embeddings => embeddings;

    public int MaxTokens => maxTokens;

    public int Dimensions => embeddings.Dimensions;

    public long[] Shape => [1, maxTokens, embeddings.Dimensions];

    public float[] Encode(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var matrix = new float[maxTokens * embeddings.Dimensions];
        Encode(words, matrix);
        return matrix;
    }

    /// <summary>Writes the rows of <paramref name="words"/> into <paramref name="destination"/> (tokens × dimensions, already zero), as many as fit.</summary>
    public void Encode(IReadOnlyList<string> words, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(words);
        var dim = embeddings.Dimensions;
        var rows = Math.Min(Math.Min(words.Count, maxTokens), destination.Length / dim);
        for (var i = 0; i < rows; i++)
        {
            embeddings.Vector(words[i]).CopyTo(destination.Slice(i * dim, dim));
        }
    }

    public float[] Encode(string text) => Encode(ReportTokenizer.Words(text));
}
