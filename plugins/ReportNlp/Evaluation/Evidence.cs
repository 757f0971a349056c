using RadCnn.Plugins.ReportNlp.Text;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>Turns a per-token heat map (Grad-CAM over the tokens) into the words and sentences that drove a decision.</summary>
internal static class Evidence
{
    public static (IReadOnlyList<EvidenceWord> Words, IReadOnlyList<EvidenceSentence> Sentences) From(string text, IReadOnlyList<ReportToken> tokens, IReadOnlyList<float> heat, int words = 6, int sentences = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(heat);
        var scored = tokens.Take(heat.Count).Select((t, i) => (Token: t, Weight: (double)heat[i]))
            .Where(p => char.IsLetterOrDigit(p.Token.Form[0]))
            .ToList();
        var topWords = scored.Where(p => p.Weight > 0).OrderByDescending(p => p.Weight).Take(words)
            .Select(p => new EvidenceWord(text.Substring(p.Token.Start, p.Token.Length), p.Token.Start, p.Token.Length, p.Token.Sentence, Math.Round(p.Weight, 4)))
            .ToList();
        var topSentences = scored.GroupBy(p => p.Token.Sentence)
            .Select(g => (Sentence: g.Key, Weight: g.Max(p => p.Weight)))
            .Where(s => s.Weight > 0)
            .OrderByDescending(s => s.Weight)
            .Take(sentences)
            .Select(s =>
            {
                var inSentence = tokens.Where(t => t.Sentence == s.Sentence).ToList();
                var start = inSentence[0].Start;
                var end = inSentence[^1].Start + inSentence[^1].Length;
                return new EvidenceSentence(s.Sentence, start, end - start, text[start..end], Math.Round(s.Weight, 4));
            })
            .ToList();
        return (topWords, topSentences);
    }
}
