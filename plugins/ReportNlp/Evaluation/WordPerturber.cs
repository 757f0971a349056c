using System.Text;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>
/// Realistic edits that must not change a report's meaning: a typo in a longer word (letters swapped,
/// dropped or doubled), a synonym swap from a small radiology thesaurus ("embolus" for "embolism",
/// "identified" for "seen"), or the whole text in capitals. Negation and hedge words are never
/// touched, so the label stays what it was.
/// </summary>
internal static class WordPerturber
{
    private static readonly (string From, string To)[] Synonyms =
    [
        ("embolism", "embolus"), ("embolus", "embolism"), ("emboli", "embolisms"), ("identified", "seen"), ("seen", "identified"),
        ("evidence", "signs"), ("arteries", "vessels"), ("artery", "vessel"), ("filling defect", "intraluminal defect"),
        ("thrombus", "clot"), ("clot", "thrombus"), ("consistent with", "compatible with"), ("compatible with", "consistent with"),
        ("present", "noted"), ("involving", "affecting"), ("pulmonary", "lung"), ("acute", "new"), ("small", "tiny"),
        ("shortness of breath", "dyspnea"), ("normal", "unremarkable"), ("patent", "open"),
    ];

    private static readonly HashSet<string> Protected = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "not", "without", "negative", "none", "cannot", "excluded", "exclude", "possible", "possibly", "likely", "probable",
        "chronic", "history", "prior", "previous", "questionable", "equivocal", "versus", "ruled", "suspicious", "indeterminate",
    };

    /// <summary>The kinds of edit, in the order <see cref="Perturb"/> numbers them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["typo", "synonym", "case"];

    /// <summary>Edit number <paramref name="kind"/> of <see cref="Kinds"/>, drawn with <paramref name="seed"/>; the text itself when nothing applies.</summary>
    public static string Perturb(string text, int kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var random = new Random(seed);
        return kind switch
        {
            0 => Typos(text, random, 2),
            1 => Synonym(text, random),
            _ => text.ToUpperInvariant() == text ? text.ToLowerInvariant() : text.ToUpperInvariant(),
        };
    }

    private static string Typos(string text, Random random, int count)
    {
        var words = new List<(int Start, int Length)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                if (i - start >= 5 && !Protected.Contains(text[start..i]))
                {
                    words.Add((start, i - start));
                }

                start = -1;
            }
        }

        if (words.Count == 0)
        {
            return text;
        }

        var chosen = words.OrderBy(_ => random.Next()).Take(count).OrderByDescending(w => w.Start).ToList();
        var builder = new StringBuilder(text);
        foreach (var (wordStart, length) in chosen)
        {
            var word = text.Substring(wordStart, length);
            var i = random.Next(1, word.Length - 1);
            var edited = random.Next(3) switch
            {
                0 => string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1, 1), word.AsSpan(i, 1), word.AsSpan(i + 2)),
                1 => word.Remove(i, 1),
                _ => word.Insert(i, word[i].ToString()),
            };
            builder.Remove(wordStart, length).Insert(wordStart, edited);
        }

        return builder.ToString();
    }

    private static string Synonym(string text, Random random)
    {
        var lower = text.ToLowerInvariant();
        var candidates = Synonyms.Where(s => IndexOfWord(lower, s.From) >= 0).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }

        var (from, to) = candidates[random.Next(candidates.Count)];
        var at = IndexOfWord(lower, from);
        var original = text.Substring(at, from.Length);
        var replacement = original.ToUpperInvariant() == original ? to.ToUpperInvariant() : char.IsUpper(original[0]) ? char.ToUpperInvariant(to[0]) + to[1..] : to;
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + from.Length));
    }

    private static int IndexOfWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = at + word.Length >= text.Length || !char.IsLetter(text[at + word.Length]);
            if (before && after)
            {
                return at;
            }
        }

        return -1;
    }
}
