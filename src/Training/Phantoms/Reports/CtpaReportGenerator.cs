using System.Globalization;
using System.Text;
using RadCnn.Dicom;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Dictated CT pulmonary angiography reports: with CLINICAL HISTORY / TECHNIQUE / FINDINGS /
/// IMPRESSION headings or as one block of text, the key statement drawn from one of ten scenarios
/// (plain, negated, scope-ending negations, low and high certainty hedges, history and indication,
/// chronic, acute on chronic), limited studies, other findings, abbreviations, typos, case and
/// dictation leftovers. About 45% state acute pulmonary embolism.
/// </summary>
public sealed class CtpaReportGenerator : IReportGenerator
{
    private enum Scenario
    {
        PlainPositive,
        PlainNegative,
        NegatedNegative,
        ScopedPositive,
        HedgedLow,
        HedgedHigh,
        HistoryNegative,
        Chronic,
        HistoryPositive,
        AcuteOnChronic,
    }

    // Cumulative weights of the scenarios above (sum 100).
    private static readonly int[] Weights = [12, 8, 18, 9, 8, 7, 17, 7, 9, 5];

    public CtpaReportGenerator(double typoRate = 0.02) => TypoRate = typoRate;

    public string Style => "dictated";

    /// <summary>Chance that a word of five letters or more carries a typo.</summary>
    public double TypoRate { get; }

    public ReportPhantom Generate(int seed, int index)
    {
        var w = new Wording(seed, index);
        var scenario = Draw(w);
        var location = w.Pick("location", CtpaPhrases.Location);
        string Fill(string template) => template
            .Replace("{loc}", location, StringComparison.Ordinal)
            .Replace("{Loc}", char.ToUpperInvariant(location[0]) + location[1..], StringComparison.Ordinal);

        var symptom = w.Pick("symptom", CtpaPhrases.Symptoms);
        var history = scenario switch
        {
            Scenario.HistoryNegative or Scenario.HistoryPositive => w.Chance(0.5)
                ? $"{Capital(symptom)}, {w.Pick("ruleout", CtpaPhrases.RuleOut)}."
                : $"{Capital(w.Pick("prior", CtpaPhrases.PriorPe))}, now {symptom}.",
            Scenario.Chronic or Scenario.AcuteOnChronic => $"{Capital(w.Pick("prior", CtpaPhrases.PriorPe))}, {symptom}.",
            _ => $"{Capital(symptom)}.",
        };

        var findings = new List<string>();
        var impression = new List<string>();
        switch (scenario)
        {
            case Scenario.PlainPositive:
            case Scenario.HistoryPositive:
                if (w.Chance(0.15))
                {
                    findings.Add(w.Pick("saddle", CtpaPhrases.Saddle));
                    if (w.Chance(0.6))
                    {
                        findings.Add(w.Pick("strain", CtpaPhrases.Strain));
                    }
                }
                else
                {
                    findings.Add(Fill(w.Pick("positive", CtpaPhrases.PositiveFinding)));
                    if (w.Chance(0.2))
                    {
                        findings.Add(w.Pick("strain", CtpaPhrases.Strain));
                    }
                }

                impression.Add(Fill(w.Pick("positive-impression", CtpaPhrases.PositiveImpression)));
                break;
            case Scenario.PlainNegative:
                findings.Add(w.Pick("plain-negative", CtpaPhrases.PlainNegativeFinding));
                impression.Add(w.Pick("plain-negative-impression", CtpaPhrases.PlainNegativeImpression));
                break;
            case Scenario.NegatedNegative:
                findings.Add(w.Pick("negated", CtpaPhrases.NegatedFinding));
                impression.Add(w.Pick("negated-impression", CtpaPhrases.NegatedImpression));
                break;
            case Scenario.ScopedPositive:
                findings.Add(Fill(w.Pick("scoped", CtpaPhrases.ScopedPositive)));
                impression.Add(Fill(w.Pick("positive-impression", CtpaPhrases.PositiveImpression)));
                break;
            case Scenario.HedgedLow:
                findings.Add(Fill(w.Pick("hedged-low", CtpaPhrases.HedgedLow)));
                impression.Add(w.Pick("hedged-low-impression", CtpaPhrases.HedgedLowImpression));
                break;
            case Scenario.HedgedHigh:
                findings.Add(Fill(w.Pick("hedged-high", CtpaPhrases.HedgedHigh)));
                impression.Add(Fill(w.Pick("hedged-high-impression", CtpaPhrases.HedgedHighImpression)));
                break;
            case Scenario.HistoryNegative:
                findings.Add(w.Chance(0.5) ? w.Pick("negated", CtpaPhrases.NegatedFinding) : w.Pick("plain-negative", CtpaPhrases.PlainNegativeFinding));
                impression.Add(w.Chance(0.6) ? w.Pick("negated-impression", CtpaPhrases.NegatedImpression) : w.Pick("plain-negative-impression", CtpaPhrases.PlainNegativeImpression));
                break;
            case Scenario.Chronic:
                findings.Add(Fill(w.Pick("chronic", CtpaPhrases.Chronic)));
                if (w.Chance(0.6))
                {
                    findings.Add(w.Pick("no-acute", CtpaPhrases.NoAcute));
                }

                impression.Add(w.Pick("chronic-impression", CtpaPhrases.ChronicImpression));
                break;
            case Scenario.AcuteOnChronic:
                findings.Add(Fill(w.Pick("acute-on-chronic", CtpaPhrases.AcuteOnChronic)));
                impression.Add("Acute on chronic pulmonary embolism.");
                break;
        }

        var others = w.Int(0, 4);
        for (var i = 0; i < others; i++)
        {
            var other = w.Pick("other", CtpaPhrases.Other);
            if (!findings.Contains(other))
            {
                findings.Insert(w.Int(0, findings.Count + 1), other);
            }
        }

        if (w.Chance(0.35))
        {
            impression.Add(w.Pick("other-impression", CtpaPhrases.OtherImpression));
        }

        var technique = w.Pick("technique", CtpaPhrases.Technique);
        if (scenario is Scenario.HedgedLow || w.Chance(0.15))
        {
            technique += " " + w.Pick("limited", CtpaPhrases.Limited);
        }

        var sections = w.Chance(0.7);
        var text = new StringBuilder();
        if (sections)
        {
            text.Append("EXAM: ").Append(w.Pick("exam", CtpaPhrases.Exam)).Append('\n');
            text.Append(w.Chance(0.5) ? "CLINICAL HISTORY: " : "INDICATION: ").Append(history).Append('\n');
            text.Append("TECHNIQUE: ").Append(technique).Append('\n');
            text.Append("COMPARISON: ").Append(w.Pick("comparison", CtpaPhrases.Comparison)).Append('\n');
            text.Append("FINDINGS:\n").Append(string.Join(w.Chance(0.5) ? "\n" : " ", findings)).Append('\n');
            text.Append("IMPRESSION:\n").Append(string.Join('\n', impression.Select((s, i) => impression.Count > 1 ? $"{i + 1}. {s}" : s))).Append('\n');
        }
        else
        {
            text.Append(w.Pick("exam", CtpaPhrases.Exam)).Append(". ").Append(history).Append(' ').Append(technique).Append(' ');
            text.Append(string.Join(' ', findings)).Append(' ').Append(string.Join(' ', impression)).Append('\n');
        }

        if (w.Chance(0.2))
        {
            text.Append(w.Chance(0.5) ? "Dictated but not read.\n" : "*** End of report ***\n");
        }

        var label = scenario is Scenario.PlainPositive or Scenario.ScopedPositive or Scenario.HedgedHigh or Scenario.HistoryPositive or Scenario.AcuteOnChronic ? 1 : 0;
        return new ReportPhantom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"report-{index:D5}"),
            Text = DictationNoise.Apply(text.ToString(), w, TypoRate),
            Label = label,
            Category = label == 1 ? "present" : scenario == Scenario.HedgedLow ? "indeterminate" : "absent",
            Subset = SubsetOf(scenario),
            Style = Style,
            HasSections = sections,
            StudyInstanceUid = StudyUid(seed, index, Style),
            AccessionNumber = Accession(seed, index),
        };
    }

    internal static string StudyUid(int seed, int index, string style) =>
        DicomUid.FromUuid(new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"radcnn-report-study/{style}/{seed}/{index}")).AsSpan(0, 16))).Value;

    internal static string Accession(int seed, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"SYN{SeededRandom.Mix(seed, index) % 100_000_000:D8}");

    internal static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static Scenario Draw(Wording w)
    {
        var roll = w.Int(0, Weights.Sum());
        for (var i = 0; i < Weights.Length; i++)
        {
            roll -= Weights[i];
            if (roll < 0)
            {
                return (Scenario)i;
            }
        }

        return Scenario.PlainNegative;
    }

    private static string SubsetOf(Scenario scenario) => scenario switch
    {
        Scenario.NegatedNegative or Scenario.ScopedPositive => ReportSubsets.Negated,
        Scenario.HedgedLow or Scenario.HedgedHigh => ReportSubsets.Hedged,
        Scenario.HistoryNegative or Scenario.Chronic or Scenario.HistoryPositive or Scenario.AcuteOnChronic => ReportSubsets.History,
        _ => ReportSubsets.Plain,
    };
}
