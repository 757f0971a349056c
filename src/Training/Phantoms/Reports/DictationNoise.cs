using System.Text;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// What real dictated reports carry beside their content: typos (swapped, dropped or doubled letters
/// in longer words, never in short function words such as "no"), shouted or lower-case text,
/// abbreviations, and voice-recognition leftovers ("period", "new paragraph", a repeated word).
/// </summary>
internal static class DictationNoise
{
    private static readonly (string Long, string Short)[] Abbreviations =
    [
        ("pulmonary embolism", "PE"), ("pulmonary embolus", "PE"), ("right lower lobe", "RLL"), ("left lower lobe", "LLL"),
        ("right upper lobe", "RUL"), ("pulmonary artery", "PA"), ("with ", "w/ "), ("intravenous", "IV"), ("history of", "h/o"),
    ];

    private static readonly string[] Leftovers = ["period", "um", "comma", "new paragraph", "[inaudible]", "uh"];

    public static string Apply(string text, Wording w, double typoRate)
    {
        if (w.Chance(0.3))
        {
            foreach (var (longForm, shortForm) in Abbreviations)
            {
                if (w.Chance(0.5))
                {
                    text = text.Replace(longForm, shortForm, StringComparison.Ordinal);
                }
            }
        }

        var builder = new StringBuilder(text.Length + 16);
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetter(c))
            {
                word.Append(c);
                continue;
            }

            builder.Append(word.Length >= 5 && w.Chance(typoRate) ? Typo(word.ToString(), w) : word.ToString());
            word.Clear();
            if (c == ' ' && w.Chance(0.004))
            {
                builder.Append(' ').Append(Leftovers[w.Int(0, Leftovers.Length)]);
            }

            builder.Append(c);
        }

        text = builder.ToString().TrimEnd(' ');
        return w.Int(0, 10) switch
        {
            0 or 1 => text.ToUpperInvariant(),
            2 => text.ToLowerInvariant(),
            _ => text,
        };
    }

    public static string Typo(string word, Wording w)
    {
        var i = w.Int(1, word.Length - 1);
        return w.Int(0, 3) switch
        {
            0 => string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1, 1), word.AsSpan(i, 1), word.AsSpan(i + 2)),
            1 => word.Remove(i, 1),
            _ => word.Insert(i, word[i].ToString()),
        };
    }
}
