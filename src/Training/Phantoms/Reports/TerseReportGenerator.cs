using System.Globalization;
using System.Text;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// A third style, written after the model was final and used once as a blind check: terse preliminary
/// reads as residents and emergency teams type them ("prelim: + bilat PE, RV strain"; "neg for PE";
/// "old clot RLL, nothing acute"), lower case, clipped words, symbols (+, -, ?, &gt;) and no headings.
/// Same label semantics and subsets as the other generators.
/// </summary>
public sealed class TerseReportGenerator : IReportGenerator
{
    private static readonly string[] Sites = ["rll", "lll", "rul", "lul", "rml", "lingula", "bilat", "r main", "l main", "l lower lobe"];
    private static readonly string[] Extras = ["no effusion", "small r effusion", "bibasal atelectasis", "no consolidation", "4mm rul nodule", "emphysema", "nothing else acute", "lungs clear"];

    public string Style => "terse";

    public ReportPhantom Generate(int seed, int index)
    {
        var w = new Wording(seed, index);
        var site = w.Pick("t-site", Sites);
        var roll = w.Int(0, 100);
        var (label, category, subset, line) = roll switch
        {
            < 15 => (1, "present", ReportSubsets.Plain, w.Pick("t-pos", [$"ctpa: + {site} segmental pe", $"prelim: pe {site}, clot in segmental branches", $"positive for pe ({site})", $"{site} emboli seen, rv ok"])),
            < 25 => (0, "absent", ReportSubsets.Plain, w.Pick("t-plain", ["ctpa: pas patent, good bolus", "pulm arteries clear to subseg level", "normal ctpa"])),
            < 45 => (0, "absent", ReportSubsets.Negated, w.Pick("t-neg", ["ctpa neg for pe", "no pe", "- pe", "pe: neg", "no clot seen in pas", "no filling defects"])),
            < 55 => (1, "present", ReportSubsets.Negated, w.Pick("t-scope", [$"no effusion but + pe {site}", $"pe {site}, no rv strain", $"no infarct; clot {site} segmental"])),
            < 63 => (0, "indeterminate", ReportSubsets.Hedged, w.Pick("t-hedge-low", [$"?? subseg pe {site}, motion limited", $"poss tiny clot {site} vs artefact", $"cant exclude subseg pe {site}"])),
            < 70 => (1, "present", ReportSubsets.Hedged, w.Pick("t-hedge-high", [$"prob acute pe {site}", $"defect {site} segmental, likely acute clot", $"looks like acute pe {site}"])),
            < 86 => (0, "absent", ReportSubsets.History, w.Pick("t-hist-neg", ["hx pe on apix. no new clot", "?pe -> neg", "r/o pe: neg", "known old pe, nothing new"])),
            < 93 => (0, "absent", ReportSubsets.History, w.Pick("t-chronic", [$"old clot {site}, nothing acute", $"chronic web {site}, no acute pe"])),
            _ => (1, "present", ReportSubsets.History, w.Pick("t-hist-pos", [$"hx pe, now new clot {site}", $"?pe -> + {site} segmental pe", $"r/o pe: positive, {site}"])),
        };

        var text = new StringBuilder();
        text.Append(w.Pick("t-head", ["ct chest angio", "ctpa prelim", "cta chest", "ctpa"])).Append(" - ");
        text.Append(line);
        var extras = w.Int(0, 3);
        for (var i = 0; i < extras; i++)
        {
            text.Append(". ").Append(w.Pick("t-extra", Extras));
        }

        text.Append(".\n");
        return new ReportPhantom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"terse-{index:D5}"),
            Text = text.ToString(),
            Label = label,
            Category = category,
            Subset = subset,
            Style = Style,
            HasSections = false,
            StudyInstanceUid = CtpaReportGenerator.StudyUid(seed, index, Style),
            AccessionNumber = CtpaReportGenerator.Accession(seed, index),
        };
    }
}
