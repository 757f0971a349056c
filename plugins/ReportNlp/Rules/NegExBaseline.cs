using RadCnn.Plugins.ReportNlp.Text;

namespace RadCnn.Plugins.ReportNlp.Rules;

/// <summary>
/// The traditional reader the review compares with: pulmonary embolism terms found in each sentence,
/// then NegEx-style triggers (Chapman et al.) decide each mention's status: negation, low-certainty
/// hedging and indication/history triggers act within a window of words before (or after, for
/// post-triggers such as "ruled out") the term, and their scope ends at a termination term ("but",
/// "however", "there is") or the sentence's end; text under an INDICATION or HISTORY heading is
/// historical; a sentence about chronic disease with nothing acute is chronic. A report is positive
/// when any mention is affirmed.
/// </summary>
internal static class NegExBaseline
{
    private const int Window = 8;

    private static readonly string[][] Targets =
    [
        ["pulmonary", "embolism"], ["pulmonary", "embolus"], ["pulmonary", "emboli"], ["filling", "defect"], ["filling", "defects"],
        ["pe"], ["embolism"], ["embolus"], ["emboli"], ["thrombus"], ["clot"], ["thromboembolism"], ["thromboembolic"], ["saddle"],
    ];

    private static readonly string[][] PreNegations =
    [
        ["no"], ["not"], ["without"], ["negative"], ["free", "of"], ["absence", "of"], ["none"], ["neither"], ["nor"],
    ];

    private static readonly string[][] PostNegations =
    [
        ["not", "seen"], ["not", "identified"], ["not", "demonstrated"], ["ruled", "out"], ["none"], ["excluded"], ["absent"],
    ];

    private static readonly string[][] Hedges =
    [
        ["cannot", "be", "excluded"], ["cannot", "exclude"], ["cannot", "be", "entirely", "ruled", "out"], ["cannot", "be", "ruled", "out"],
        ["not", "excluded"], ["possible"], ["possibly"], ["questionable"], ["equivocal"], ["indeterminate"], ["may", "represent"],
        ["versus"], ["artifact"], ["artifactual"], ["nondiagnostic"], ["possibility"],
    ];

    private static readonly string[][] Indications =
    [
        ["r/o"], ["rule", "out"], ["evaluate", "for"], ["eval", "for"], ["assess", "for"], ["concern", "for"], ["question"], ["?"],
        ["suspected"], ["query"], ["history", "of"], ["h/o"], ["hx"], ["prior"], ["previous"], ["known"], ["recent"],
    ];

    private static readonly string[][] Terminations =
    [
        ["but"], ["however"], ["although"], ["though"], ["which"], ["there", "is"], ["there", "are"], ["except"], ["now"], ["aside", "from"],
    ];

    private static readonly HashSet<string> ChronicWords = new(StringComparer.Ordinal) { "chronic", "old", "organized", "organised", "residual", "sequela", "webs", "web", "recanalization" };

    private static readonly HashSet<string> HistoryHeadings = new(StringComparer.Ordinal) { "indication", "history", "clinical", "reason", "details" };

    public static RuleReading Read(string text)
    {
        var tokens = ReportTokenizer.Tokenize(text);
        var mentions = new List<RuleMention>();
        var inHistorySection = false;
        foreach (var sentence in tokens.Select((t, i) => (Token: t, Index: i)).GroupBy(p => p.Token.Sentence))
        {
            var words = sentence.Select(p => p.Token.Form).ToArray();
            var first = sentence.First().Index;
            var colon = Array.IndexOf(words, ":");
            if (colon > 0 && colon <= 3)
            {
                // A heading starts here: "INDICATION:", "CLINICAL HISTORY:", "FINDINGS:"...
                inHistorySection = words.Take(colon).Any(HistoryHeadings.Contains);
            }

            var chronic = words.Any(ChronicWords.Contains) && !HasAffirmedAcute(words);
            var covered = new bool[words.Length];
            for (var i = 0; i < words.Length; i++)
            {
                var target = Targets.FirstOrDefault(t => Matches(words, i, t));
                if (target is null || covered[i])
                {
                    continue;
                }

                for (var k = 0; k < target.Length; k++)
                {
                    covered[i + k] = true;
                }

                var term = string.Join(' ', target);
                var (status, trigger) = Classify(words, i, target.Length, inHistorySection && colon < i, chronic);
                mentions.Add(new RuleMention(first + i, sentence.Key, term, status, trigger));
            }
        }

        var positive = mentions.Any(m => m.Status == MentionStatus.Affirmed);
        var score = positive ? 1 : mentions.Any(m => m.Status == MentionStatus.Uncertain) ? 0.5 : 0;
        return new RuleReading(positive, score, mentions);
    }

    private static (MentionStatus Status, string? Trigger) Classify(string[] words, int start, int length, bool historySection, bool chronic)
    {
        var end = start + length;
        // "PE protocol", also with a dictation leftover between ("PE [inaudible] protocol").
        for (var k = end; k < Math.Min(words.Length, end + 3); k++)
        {
            if (words[k] is "protocol")
            {
                return (MentionStatus.Pseudo, words[k]);
            }
        }

        // Scope before the term: back to the window's edge or a termination term, whichever is nearer.
        var from = start;
        var counted = 0;
        while (from > 0 && counted < Window && !Terminations.Any(t => EndsAt(words, from - 1, t)))
        {
            from--;
            if (char.IsLetterOrDigit(words[from][0]))
            {
                counted++;
            }
        }

        var to = end;
        counted = 0;
        while (to < words.Length && counted < Window && !Terminations.Any(t => Matches(words, to, t)))
        {
            if (char.IsLetterOrDigit(words[to][0]))
            {
                counted++;
            }

            to++;
        }

        // Low-certainty hedges first: "cannot be excluded" holds a negation word but is not a negation.
        if (FindIn(words, from, to, Hedges) is { } hedge)
        {
            return (MentionStatus.Uncertain, hedge);
        }

        if (FindIn(words, from, start, PreNegations) is { } pre)
        {
            return (MentionStatus.Negated, pre);
        }

        if (FindIn(words, end, to, PostNegations) is { } post)
        {
            return (MentionStatus.Negated, post);
        }

        if (historySection)
        {
            return (MentionStatus.Historical, "section");
        }

        var indication = FindIn(words, from, start, Indications) ?? FindIn(words, end, Math.Min(to, end + 2), [["?"]]);
        if (indication is not null)
        {
            return (MentionStatus.Historical, indication);
        }

        return chronic ? (MentionStatus.Chronic, "chronic") : (MentionStatus.Affirmed, null);
    }

    /// <summary>Whether "acute" or "new" stands in the sentence without a negation just before it ("no new emboli" does not count).</summary>
    private static bool HasAffirmedAcute(string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] is "acute" or "new" && FindIn(words, Math.Max(0, i - 3), i, PreNegations) is null)
            {
                return true;
            }
        }

        return false;
    }

    private static string? FindIn(string[] words, int from, int to, string[][] triggers)
    {
        for (var i = from; i < to; i++)
        {
            foreach (var trigger in triggers)
            {
                if (Matches(words, i, trigger))
                {
                    return string.Join(' ', trigger);
                }
            }
        }

        return null;
    }

    private static bool Matches(string[] words, int at, string[] phrase)
    {
        if (at < 0 || at + phrase.Length > words.Length)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(words[at + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndsAt(string[] words, int last, string[] phrase) => Matches(words, last - phrase.Length + 1, phrase);
}
