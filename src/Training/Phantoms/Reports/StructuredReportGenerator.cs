using System.Globalization;
using System.Text;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// A deliberately different report style, for judging a model trained on <see cref="CtpaReportGenerator"/>:
/// an organ-by-organ structured template ("Pulmonary arteries: ..."), British spelling and vocabulary
/// ("demonstrated", "thrombus", "opacification", "oedema"), a conclusion instead of an impression,
/// and none of the dictated style's phrasings. Same label semantics and subsets.
/// </summary>
public sealed class StructuredReportGenerator : IReportGenerator
{
    private static readonly string[] Sites = ["right lower lobe", "left lower lobe", "right upper lobe", "left upper lobe", "middle lobe", "lingula", "right main", "left main"];
    private static readonly string[] Levels = ["segmental", "subsegmental", "lobar", "central"];

    public string Style => "structured";

    public ReportPhantom Generate(int seed, int index)
    {
        var w = new Wording(seed, index);
        var site = w.Pick("s-site", Sites);
        var level = w.Pick("s-level", Levels);
        var roll = w.Int(0, 100);

        // (label, category, subset, arteries line, conclusion, indication)
        var (label, category, subset, arteries, conclusion, indication) = roll switch
        {
            < 15 => (1, "present", ReportSubsets.Plain,
                $"Thrombus is demonstrated within the {level} {site} pulmonary arteries.", w.Pick("s-pos", ["Acute pulmonary thromboembolism.", "Pulmonary emboli demonstrated.", "Embolic occlusion of " + level + " branches."]), "Breathlessness."),
            < 25 => (0, "absent", ReportSubsets.Plain,
                "Good opacification of the pulmonary trunk and its branches to subsegmental level.", "Satisfactory study. Normal pulmonary vasculature.", "Pleuritic pain."),
            < 45 => (0, "absent", ReportSubsets.Negated,
                w.Pick("s-neg", ["No intraluminal thrombus demonstrated.", "No embolus is seen in the pulmonary arterial tree.", "There is no evidence of thromboembolism.", "No thrombus."]),
                w.Pick("s-negc", ["PE excluded.", "No pulmonary thromboembolism.", "No evidence of pulmonary emboli."]), "Raised D-dimer."),
            < 55 => (1, "present", ReportSubsets.Negated,
                $"No pleural fluid. Thrombus is demonstrated in the {level} {site} arteries.", "Pulmonary emboli, without features of right ventricular strain.", "Tachycardic."),
            < 63 => (0, "indeterminate", ReportSubsets.Hedged,
                $"A subtle hypoattenuating focus in a {site} branch may represent flow artefact; a small embolus cannot be entirely discounted.",
                "The possibility of a small peripheral embolus cannot be entirely discounted.", "Breathlessness."),
            < 70 => (1, "present", ReportSubsets.Hedged,
                $"Hypoattenuating material in the {level} {site} arteries, in keeping with acute thrombus.", "Appearances are in keeping with acute pulmonary emboli.", "Hypoxic."),
            < 88 => (0, "absent", ReportSubsets.History,
                w.Pick("s-hneg", ["No intraluminal thrombus demonstrated.", "Good opacification of the pulmonary trunk and its branches to subsegmental level."]),
                w.Pick("s-hnegc", ["No pulmonary thromboembolism.", "No evidence of recurrent thromboembolism."]),
                w.Pick("s-hind", ["Query pulmonary embolus.", "Previous pulmonary emboli, now breathless.", "?PE.", "Known previous thromboembolism."])),
            < 94 => (0, "absent", ReportSubsets.History,
                $"Webs and eccentric organised thrombus in the {site} arteries, in keeping with old thromboembolic disease.",
                "Chronic thromboembolic disease; no acute thrombus.", "Previous pulmonary emboli."),
            _ => (1, "present", ReportSubsets.History,
                $"Thrombus is demonstrated within the {level} {site} pulmonary arteries.", "Recurrent acute pulmonary emboli.", "Previous PE, query recurrence."),
        };

        var text = new StringBuilder();
        text.Append("Examination: CT pulmonary angiogram\n");
        text.Append("Clinical details: ").Append(indication).Append('\n');
        text.Append("Report:\n");
        text.Append("Pulmonary arteries: ").Append(arteries).Append('\n');
        text.Append("Heart: ").Append(label == 1 && w.Chance(0.3) ? "RV:LV ratio greater than 1." : "Normal size.").Append('\n');
        text.Append("Lungs: ").Append(w.Pick("s-lungs", ["Clear.", "Minor dependent atelectasis.", "Basal consolidation.", "Interstitial oedema.", "Scattered emphysema."])).Append('\n');
        text.Append("Pleura: ").Append(w.Pick("s-pleura", ["No effusion.", "Small left effusion.", "Normal."])).Append('\n');
        text.Append("Conclusion: ").Append(conclusion).Append('\n');
        return new ReportPhantom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"structured-{index:D5}"),
            Text = w.Chance(0.3) ? text.ToString().ToUpperInvariant() : text.ToString(),
            Label = label,
            Category = category,
            Subset = subset,
            Style = Style,
            HasSections = true,
            StudyInstanceUid = CtpaReportGenerator.StudyUid(seed, index, Style),
            AccessionNumber = CtpaReportGenerator.Accession(seed, index),
        };
    }
}
