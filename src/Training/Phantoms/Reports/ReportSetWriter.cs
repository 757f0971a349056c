using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Writes a report phantom set in the layouts the report inbox reads: reports/&lt;id&gt;.txt with a JSON
/// sidecar (id, kind, studyInstanceUid), hl7/&lt;id&gt;.hl7 (ORU^R01 with the Study Instance UID in an OBX
/// and the accession number in OBR-3), labels.csv (file, hl7, label, category, subset, style, sections)
/// and phantom.json recording generator and seed.
/// </summary>
public static class ReportSetWriter
{
    public const string LabelsFile = "labels.csv";

    /// <summary>The report kind written to sidecars and OBR-4, which the plugin's manifest accepts.</summary>
    public const string Kind = "ctpa";

    public static IReadOnlyList<ReportPhantom> Generate(IReportGenerator generator, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Enumerable.Range(0, count).Select(i => generator.Generate(seed, i)).ToList();
    }

    public static IReadOnlyList<ReportPhantom> Write(IReportGenerator generator, int count, int seed, string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var reports = Generate(generator, count, seed);
        var texts = Path.Combine(directory, "reports");
        var hl7 = Path.Combine(directory, "hl7");
        Directory.CreateDirectory(texts);
        Directory.CreateDirectory(hl7);
        var now = time.GetUtcNow();
        var labels = new StringBuilder("file,hl7,label,category,subset,style,sections\n");
        foreach (var report in reports)
        {
            File.WriteAllText(Path.Combine(texts, report.Id + ".txt"), report.Text);
            var sidecar = new { id = $"{report.Style}-{seed}-{report.Id}", kind = Kind, studyInstanceUid = report.StudyInstanceUid, metadata = new { source = "radcnn-phantom" } };
            File.WriteAllText(Path.Combine(texts, report.Id + ".json"), JsonSerializer.Serialize(sidecar, TrainingJson.Options));
            File.WriteAllText(Path.Combine(hl7, report.Id + ".hl7"), ToHl7(report, seed, now));
            labels.Append(CultureInfo.InvariantCulture, $"reports/{report.Id}.txt,hl7/{report.Id}.hl7,{report.Label},{report.Category},{report.Subset},{report.Style},{(report.HasSections ? 1 : 0)}\n");
        }

        AtomicFile.WriteAllText(Path.Combine(directory, LabelsFile), labels.ToString());
        var description = new
        {
            generator = generator.GetType().Name,
            style = generator.Style,
            seed,
            count,
            positives = reports.Count(r => r.Label == 1),
            subsets = ReportSubsets.All.ToDictionary(s => s, s => reports.Count(r => r.Subset == s)),
            created = now,
            notice = "Synthetic reports made by RadCnn; no patient data. Not for clinical use.",
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "phantom.json"), JsonSerializer.Serialize(description, TrainingJson.Options));
        return reports;
    }

    /// <summary>An HL7 v2.5 ORU^R01 message of the report: one OBX (TX) per line, the study UID in OBX 113014.</summary>
    public static string ToHl7(ReportPhantom report, int seed, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(report);
        var stamp = time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var control = $"{report.Style[..1].ToUpperInvariant()}{seed}-{report.Id}";
        var segments = new List<string>
        {
            $"MSH|^~\\&|RADCNN-PHANTOM|SYNTHETIC|RADCNN|RADCNN|{stamp}||ORU^R01^ORU_R01|{control}|P|2.5",
            "PID|1||SYN000000^^^SYNTHETIC||PHANTOM^REPORT",
            $"OBR|1||{report.AccessionNumber}|CTPA^CT pulmonary angiography|||{stamp}|||||||||||{report.AccessionNumber}||||{stamp}||CT|F",
            $"OBX|1|UI|113014^Study Instance UID^DCM||{report.StudyInstanceUid}||||||F",
        };
        var n = 2;
        foreach (var line in report.Text.TrimEnd('\n').Split('\n'))
        {
            segments.Add($"OBX|{n++}|TX|18748-4^Diagnostic imaging study^LN||{Escape(line)}||||||F");
        }

        return string.Join('\r', segments) + "\r";
    }

    private static string Escape(string text) => text
        .Replace("\\", "\\E\\", StringComparison.Ordinal)
        .Replace("|", "\\F\\", StringComparison.Ordinal)
        .Replace("^", "\\S\\", StringComparison.Ordinal)
        .Replace("&", "\\T\\", StringComparison.Ordinal)
        .Replace("~", "\\R\\", StringComparison.Ordinal);
}
