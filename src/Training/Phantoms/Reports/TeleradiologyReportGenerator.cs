using System.Globalization;
using System.Text;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// A fourth style kept out of all training (the blind check of a model trained on
/// <see cref="MixedReportGenerator"/>): an overnight teleradiology template ("EXAM: / REASON: /
/// RESULT:" with numbered conclusions) and its own vocabulary ("clot burden", "opacifies well",
/// "free of embolic disease", "sequelae of prior embolic disease", "not entirely excluded").
/// Same label semantics and subsets as the other generators.
/// </summary>
public sealed class TeleradiologyReportGenerator : IReportGenerator
{
    private static readonly string[] Sites = ["right lower lobe", "left lower lobe", "right upper lobe", "left upper lobe", "right middle lobe", "lingular", "bilateral lower lobe", "right interlobar"];
    private static readonly string[] Others =
    [
        "Trace dependent atelectasis.", "Mild centrilobular emphysema.", "5 mm solid nodule in the left upper lobe, follow-up per Fleischner.",
        "Heart size upper normal.", "Small hiatal hernia.", "No pneumothorax.", "Patchy airspace opacity in the right base, infection not excluded.",
    ];

    public string Style => "teleradiology";

    public ReportPhantom Generate(int seed, int index)
    {
        var w = new Wording(seed, SeededRandom.Mix(index, 4242));
        var site = w.Pick("x-site", Sites);
        var roll = w.Int(0, 100);
        var (label, category, subset, result, conclusion, reason) = roll switch
        {
            < 15 => (1, "present", ReportSubsets.Plain,
                w.Pick("x-pos", [$"Occlusive clot burden within {site} segmental branches.", $"Acute thromboembolic disease involving the {site} arterial tree.", $"Intraluminal low-density material occupying {site} branches, in keeping with acute emboli."]),
                w.Pick("x-posc", [$"Acute PE, {site}.", "Positive study for acute pulmonary thromboemboli.", "Acute embolic disease as detailed."]), "Dyspnea, tachycardia."),
            < 25 => (0, "absent", ReportSubsets.Plain,
                w.Pick("x-plain", ["Pulmonary arterial tree opacifies well to the subsegmental branches.", "Diagnostic opacification of the main, lobar and segmental arteries with smooth contrast column."]),
                w.Pick("x-plainc", ["Unremarkable pulmonary CTA.", "Diagnostic-quality study, pulmonary arteries clear."]), "Chest pain."),
            < 45 => (0, "absent", ReportSubsets.Negated,
                w.Pick("x-neg", ["Absence of intraluminal clot throughout the pulmonary arterial tree.", "Pulmonary arteries free of embolic disease.", "No acute thromboembolism appreciated.", "Embolus not demonstrated."]),
                w.Pick("x-negc", ["Negative for acute PE.", "No pulmonary arterial clot.", "No PE."]), "Elevated D-dimer."),
            < 55 => (1, "present", ReportSubsets.Negated,
                w.Pick("x-scope", [$"No pneumothorax or pleural fluid. Nonocclusive clot within {site} branches.", $"No consolidation. Acute clot in the {site} segmental arteries."]),
                "Acute PE without RV dysfunction.", "Hypoxia."),
            < 63 => (0, "indeterminate", ReportSubsets.Hedged,
                $"Questionable faint defect in a {site} subsegmental branch, likely mixing artifact; a small embolus is not entirely excluded.",
                w.Pick("x-hlc", ["Equivocal for subsegmental PE; consider lower extremity Doppler.", "Indeterminate subsegmental defect, artifact favored."]), "Shortness of breath."),
            < 70 => (1, "present", ReportSubsets.Hedged,
                $"Central defects in {site} branches which most likely represent acute emboli.",
                w.Pick("x-hhc", ["Findings most compatible with acute PE.", "Highly likely acute pulmonary emboli."]), "Syncope."),
            < 88 => (0, "absent", ReportSubsets.History,
                w.Pick("x-hneg", ["Pulmonary arterial tree opacifies well; no acute embolus.", "No new intraluminal clot."]),
                w.Pick("x-hnegc", ["No acute PE.", "No recurrent thromboembolism."]),
                w.Pick("x-hreason", ["Prior VTE, recurrent dyspnea.", "Assess for PE.", "PE?", "Known PE last year, on anticoagulation."])),
            < 94 => (0, "absent", ReportSubsets.History,
                $"Eccentric calcified mural thrombus and arterial narrowing in the {site} branches, sequelae of prior embolic disease. No acute clot.",
                "Chronic thromboembolic changes only.", "History of PE."),
            _ => (1, "present", ReportSubsets.History,
                $"New acute clot in {site} branches.", "Recurrent acute PE.", "Prior PE, worsening dyspnea."),
        };

        var text = new StringBuilder();
        text.Append("EXAM: CTA chest (PE protocol)\n");
        text.Append("REASON: ").Append(reason).Append('\n');
        text.Append("COMPARISON: ").Append(w.Pick("x-comp", ["None.", "None available.", "Chest radiograph same day."])).Append('\n');
        text.Append("RESULT:\n");
        text.Append(result).Append(' ').Append(w.Pick("x-other", Others)).Append('\n');
        text.Append("CONCLUSION:\n1. ").Append(conclusion).Append('\n');
        if (w.Chance(0.5))
        {
            text.Append("2. ").Append(w.Pick("x-other2", Others)).Append('\n');
        }

        text.Append("Prelim communicated to the ED at ").Append(w.Int(0, 24).ToString("D2", CultureInfo.InvariantCulture)).Append(":00.\n");
        return new ReportPhantom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"teleradiology-{index:D5}"),
            Text = w.Chance(0.2) ? text.ToString().ToUpperInvariant() : text.ToString(),
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
