using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.ReportNlp.Text;

namespace RadCnn.Plugins.ReportNlp;

/// <summary>
/// Which reports the model may read: text that decodes, is not empty, and is a CT report of the chest
/// (a knee MRI or an abdominal ultrasound report is refused, whatever its kind says). The reasons
/// name no report content.
/// </summary>
internal static class ReportGate
{
    public const int MaxCharacters = 100_000;

    private static readonly HashSet<string> ChestWords = new(StringComparer.Ordinal)
    {
        "chest", "thorax", "thoracic", "pulmonary", "lung", "lungs", "pe", "embolism", "embolus", "emboli", "pleural", "pleura",
        "mediastinal", "mediastinum", "ctpa", "lobe", "lobar", "segmental", "subsegmental", "thromboembolism",
    };

    private static readonly HashSet<string> CtWords = new(StringComparer.Ordinal)
    {
        "ct", "cta", "ctpa", "computed", "tomography", "angiogram", "angiography", "hu", "contrast", "axial",
    };

    private static readonly HashSet<string> OtherWords = new(StringComparer.Ordinal)
    {
        "mri", "mr", "knee", "brain", "head", "abdomen", "pelvis", "ankle", "shoulder", "ultrasound", "sonography", "hip", "wrist",
        "menisci", "meniscus", "ligament", "liver", "kidney", "kidneys", "uterus", "mammogram", "mammography", "t1", "t2",
    };

    private static readonly HashSet<string> OtherKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mri", "us", "ultrasound", "mg", "mammography", "xr", "cr", "dx", "nm", "pet",
    };

    public static string? RefusalReason(ReportWorkItem report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = report.Text ?? "";
        if (text.Trim().Length == 0)
        {
            return "refused: the report text is empty";
        }

        if (text.Length > MaxCharacters)
        {
            return FormattableString.Invariant($"refused: the report has {text.Length} characters; at most {MaxCharacters} are read");
        }

        if (text.TrimStart().StartsWith("MSH|", StringComparison.Ordinal))
        {
            return "refused: the text is an undecoded HL7 message, not a report";
        }

        var replaced = text.Count(c => c == '\uFFFD');
        var control = text.Count(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
        var letters = text.Count(char.IsLetter);
        if (replaced > 0 || control > 0 || letters < text.Count(c => !char.IsWhiteSpace(c)) / 2)
        {
            return "refused: the report text cannot be decoded as language (replacement or control characters, or mostly non-letters)";
        }

        var kindParts = report.Kind.Split(['-', '_', ' ', '^'], StringSplitOptions.RemoveEmptyEntries);
        if (kindParts.Any(OtherKinds.Contains) || kindParts.Any(OtherWords.Contains))
        {
            return $"refused: report kind '{report.Kind}' is not a CT report of the chest";
        }

        var words = ReportTokenizer.Words(text);
        var chest = words.Count(ChestWords.Contains);
        var ct = words.Count(CtWords.Contains);
        var other = words.Count(OtherWords.Contains);
        if (chest < 2 || (ct == 0 && chest < 4) || other > chest)
        {
            return "refused: not a CT report of the chest (too few chest or CT terms, or another body part or modality)";
        }

        return null;
    }
}
