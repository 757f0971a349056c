using System.Text.RegularExpressions;

namespace RadCnn.Plugins.ReportNlp.Text;

/// <summary>
/// Splits a report into lower-case tokens: words (with inner '/', '-' or apostrophe, so "r/o" and
/// "d-dimer" stay whole), numbers (with a decimal point) and the punctuation that carries meaning in
/// reports (. , : ; ? ( )), and the signs terse reads use for present and absent: "+", a free-standing
/// "-" or "−" (both read "-"), and the arrow "-&gt;" ("?pe -&gt; neg"). A sentence ends at '.', '?', ';' or a line end; headings such as
/// "IMPRESSION:" therefore stand as sentences of their own.
/// </summary>
internal static partial class ReportTokenizer
{
    public static IReadOnlyList<ReportToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<ReportToken>();
        var sentence = 0;
        var sentenceHasTokens = false;
        foreach (Match match in TokenPattern().Matches(text))
        {
            var value = match.Value;
            if (value == "\n")
            {
                if (sentenceHasTokens)
                {
                    sentence++;
                    sentenceHasTokens = false;
                }

                continue;
            }

            var form = value == "\u2212" ? "-" : value.ToLowerInvariant();
            tokens.Add(new ReportToken(form, match.Index, match.Length, sentence));
            sentenceHasTokens = true;
            if (value is "." or "?" or ";")
            {
                sentence++;
                sentenceHasTokens = false;
            }
        }

        return tokens;
    }

    /// <summary>The token forms only.</summary>
    public static string[] Words(string text) => Tokenize(text).Select(t => t.Form).ToArray();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[./'\-][\p{L}\p{N}]+)*|->|[.,:;?()+\-\u2212]|\n", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
