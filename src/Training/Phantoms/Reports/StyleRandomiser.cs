using System.Text;
using System.Text.RegularExpressions;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Label-preserving rewrites of a report's form, for training on more than one generator's habits:
/// other section headings ("Findings -", "RESULT:", "Opinion:"), numbered or starred lines, sections
/// run together, telegraphic clipping ("There is", "is seen" dropped), the abbreviations report
/// writers use ("neg", "pos", "+", "hx", "c/w", "w/o", "subseg", "bilat", "r/o") and case. Negation,
/// hedge and history words keep their meaning, so the label stays what it was.
/// </summary>
internal static partial class StyleRandomiser
{
    private static readonly (string Heading, string[] Variants)[] Headings =
    [
        ("CLINICAL HISTORY:", ["Indication:", "Hx:", "Clinical details:", "REASON FOR EXAM:", "History -"]),
        ("INDICATION:", ["Clinical info:", "Reason:", "Hx:", "Indication -"]),
        ("TECHNIQUE:", ["Protocol:", "Technique -", "METHOD:"]),
        ("COMPARISON:", ["Prior:", "Comparison -", "Compared with:"]),
        ("FINDINGS:", ["Findings -", "RESULT:", "Report:", "Observations:", "Description:"]),
        ("IMPRESSION:", ["Conclusion:", "Opinion:", "SUMMARY:", "Impression -", "Dx:", "Comment:"]),
        ("Conclusion:", ["IMPRESSION:", "Summary:", "Opinion:", "Impression -"]),
        ("Clinical details:", ["History:", "Indication:", "Hx:"]),
        ("Pulmonary arteries:", ["PAs:", "Pulmonary vasculature:", "Arteries -"]),
    ];

    private static readonly (string Long, string[] Short)[] Abbreviations =
    [
        ("negative for", ["neg for", "neg. for", "-ve for"]), ("positive for", ["pos for", "+ for", "+ve for"]),
        ("pulmonary embolism", ["PE", "pulm embolism"]), ("pulmonary emboli", ["PEs", "PE", "pulm emboli"]), ("pulmonary embolus", ["PE", "pulm embolus"]),
        ("history of", ["hx of", "h/o", "hx"]), ("consistent with", ["c/w", "consistent w/"]), ("without", ["w/o", "without"]),
        ("subsegmental", ["subseg", "sub-segmental"]), ("segmental", ["seg"]), ("bilateral", ["bilat", "B/L"]), ("possible", ["poss", "poss."]),
        ("probable", ["prob", "prob."]), ("evaluate for", ["eval for", "assess for", "?"]), ("rule out", ["r/o", "exclude"]),
        ("right ventricular", ["RV"]), ("right ventricle", ["RV"]), ("pulmonary arteries", ["PAs", "pulm arteries"]), ("pulmonary artery", ["PA"]),
        ("filling defect", ["FD", "filling defect"]), ("lower lobe", ["LL"]), ("upper lobe", ["UL"]), ("evidence of", ["e/o", "signs of"]),
        ("approximately", ["approx", "~"]), ("with", ["w/"]), ("there is no", ["no"]), ("there are no", ["no"]),
    ];

    // Shorthand of preliminary reads and synonyms report writers swap freely; a dictated sentence
    // becomes telegraphic ("Chronic thrombus ..., no acute embolism" -> "old clot ..., nothing acute").
    private static readonly (string Long, string[] Short)[] Telegraphic =
    [
        ("pulmonary embolism", ["pe", "PE"]), ("pulmonary emboli", ["pe", "PEs"]), ("pulmonary embolus", ["pe"]),
        ("chronic", ["old", "chronic"]), ("organised", ["old"]), ("organized", ["old"]), ("thrombus", ["clot", "thrombus"]),
        ("embolus", ["clot", "embolism"]), ("emboli", ["clots", "clot"]), ("embolism", ["embolus", "clot"]),
        ("no acute", ["nothing acute", "nil acute", "no acute"]), ("no evidence of", ["no", "nil", "-", "no sign of"]), ("negative", ["neg", "-ve"]),
        ("positive", ["pos", "+"]), ("pulmonary arteries", ["pas", "PAs", "pulm arteries", "vessels"]), ("arteries", ["vessels", "branches"]),
        ("identified", ["seen", "noted"]), ("seen", ["identified", "noted"]), ("demonstrated", ["seen", "shown"]), ("consistent with", ["compatible with", "c/w"]),
        ("present", ["noted", "seen"]), ("evaluate for", ["?", "query", "assess for"]), ("rule out", ["?", "r/o"]), ("small", ["tiny", "sm"]),
        ("unremarkable", ["normal", "nad"]), ("patent", ["open", "clear"]), ("shortness of breath", ["sob", "dyspnoea", "dyspnea"]),
    ];

    public static string Apply(string text, Wording w)
    {
        if (w.Chance(0.35))
        {
            var rate = w.Chance(0.5) ? 0.9 : 0.4;
            foreach (var (longForm, shortForms) in Telegraphic)
            {
                if (w.Chance(rate))
                {
                    text = WordBounded(longForm).Replace(text, _ => w.Pick("r-tele-" + longForm, shortForms));
                }
            }
        }

        if (w.Chance(0.3))
        {
            // Typos in longer words, as in dictated reports.
            text = Regex.Replace(text, @"\p{L}{5,}", m => w.Chance(0.03) ? DictationNoise.Typo(m.Value, w) : m.Value);
        }

        if (w.Chance(0.6))
        {
            foreach (var (heading, variants) in Headings)
            {
                if (text.Contains(heading, StringComparison.OrdinalIgnoreCase))
                {
                    text = Regex.Replace(text, Regex.Escape(heading), w.Pick("r-head-" + heading, variants), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                }
            }
        }

        if (w.Chance(0.5))
        {
            var rate = w.Chance(0.5) ? 0.9 : 0.4;
            foreach (var (longForm, shortForms) in Abbreviations)
            {
                if (w.Chance(rate))
                {
                    text = WordBounded(longForm).Replace(text, _ => w.Pick("r-abbr-" + longForm, shortForms));
                }
            }
        }

        if (w.Chance(0.35))
        {
            // Telegraphic: the verbs and copulas that carry no finding.
            text = Copula().Replace(text, "");
            text = SeenVerb().Replace(text, "");
            text = Article().Replace(text, "");
        }

        if (w.Chance(0.3))
        {
            text = Number(text, w);
        }
        else if (w.Chance(0.2))
        {
            // Sections run together on one line, as a pasted or re-flowed report.
            text = text.Replace("\n", " ", StringComparison.Ordinal).Trim() + "\n";
        }

        var shape = w.Int(0, 10);
        return shape switch
        {
            < 2 => text.ToLowerInvariant(),
            2 => text.ToUpperInvariant(),
            _ => text,
        };
    }

    private static string Number(string text, Wording w)
    {
        var star = w.Chance(0.4);
        var lines = text.Split('\n');
        var b = new StringBuilder();
        var n = 0;
        foreach (var line in lines)
        {
            var isHeading = line.TrimEnd().EndsWith(':') || line.Length == 0;
            n = isHeading ? 0 : n + 1;
            b.Append(isHeading ? line : (star ? "* " : $"{n}. ") + line).Append('\n');
        }

        return b.ToString().TrimEnd('\n') + "\n";
    }

    private static Regex WordBounded(string phrase) =>
        new($@"(?<![\p{{L}}]){Regex.Escape(phrase)}(?![\p{{L}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\b(?:There (?:is|are) |there (?:is|are) )", RegexOptions.CultureInvariant)]
    private static partial Regex Copula();

    [GeneratedRegex(@" (?:is|are) (?:seen|identified|noted|present|demonstrated)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SeenVerb();

    [GeneratedRegex(@"\b(?:the|The|a|A|an|An) ", RegexOptions.CultureInvariant)]
    private static partial Regex Article();
}
