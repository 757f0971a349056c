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
        var dim = embeddings.Dimensions;
        var matrix = new float[maxTokens * dim];
        for (var i = 0; i < words.Count && i < maxTokens; i++)
        {
            embeddings.Vector(words[i]).CopyTo(matrix, i * dim);
        }

        return matrix;
    }

    public float[] Encode(string text) => Encode(ReportTokenizer.Words(text));
}
