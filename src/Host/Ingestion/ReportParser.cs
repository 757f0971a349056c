using RadCnn.Host.Hosting;
using System.Text;
using System.Text.Json;
using RadCnn.Host.Store;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Turns a dropped report file into an <see cref="IncomingReport"/>: HL7 v2 ORU^R01 (by extension or an
/// MSH start), or plain text with an optional JSON sidecar of the same name
/// (<c>{"id", "kind", "studyInstanceUid", "metadata": {..}}</c>; other sidecar fields are ignored, so
/// identifying fields a sender adds never reach the store).
/// </summary>
internal static class ReportParser
{
    /// <summary>Largest report file taken (reports are text: a bigger file is a mistake or an attack, refused with a reason).</summary>
    public const int MaxReportBytes = 1024 * 1024;

    private static readonly string[] Hl7Extensions = [".hl7", ".oru", ".msg"];

    public static bool IsSidecar(string path) => Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);

    public static string SidecarFor(string reportPath) => Path.ChangeExtension(reportPath, ".json");

    /// <summary>The one report of <paramref name="path"/> (the first, for an HL7 file holding several messages).</summary>
    /// <exception cref="InvalidDataException">Not a report this inbox understands; the message says why.</exception>
    public static IncomingReport Parse(string path, string defaultKind) => ParseAll(path, defaultKind)[0];

    /// <summary>
    /// Every report of <paramref name="path"/>: one for a text file, one per message for an HL7 file
    /// (a batch of ORU^R01 for several patients is several reports, never one with all their texts).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a report this inbox understands, or an HL7 file whose messages conflict; the message says why.</exception>
    public static IReadOnlyList<IncomingReport> ParseAll(string path, string defaultKind)
    {
        var bytes = ReadCapped(path);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        var trimmed = text.TrimStart('\uFEFF', '\v', ' ', '\r', '\n');
        if (Hl7Extensions.Contains(extension) || trimmed.StartsWith("MSH", StringComparison.Ordinal))
        {
            return ParseHl7Batch(text, defaultKind);
        }

        if (extension != ".txt")
        {
            // The extension is part of the file name, which may be identifying: not quoted.
            throw new InvalidDataException("not a report: expected .txt (with an optional .json sidecar) or an HL7 v2 ORU^R01 message (.hl7, .oru, .msg or starting with MSH)");
        }

        if (bytes.Contains((byte)0))
        {
            throw new InvalidDataException("not a text report: the file holds binary data");
        }

        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (normalised.Trim().Length == 0)
        {
            throw new InvalidDataException("the report is empty");
        }

        var sidecar = SidecarFor(path);
        string? id = null;
        string? kind = null;
        string? study = null;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["format"] = "text" };
        if (File.Exists(sidecar))
        {
            try
            {
                using var json = JsonDocument.Parse(ReadCapped(sidecar));
                var root = json.RootElement;
                id = Text(root, "id");
                kind = Text(root, "kind");
                study = Text(root, "studyInstanceUid");
                if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in meta.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number))
                    {
                        metadata[property.Name] = property.Value.ToString();
                    }
                }
            }
            catch (JsonException ex)
            {
                // The parser's message quotes the offending text; the line and position are enough to find it.
                throw new InvalidDataException($"the JSON sidecar is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
            }
        }

        var reportId = id is null ? "txt-" + Spool.Hash(normalised)[..32] : "txt-" + Spool.Hash(id)[..32];
        return [new IncomingReport(reportId, (kind ?? defaultKind).Trim().ToLowerInvariant(), "text", normalised, study, metadata)];
    }

    private static List<IncomingReport> ParseHl7Batch(string text, string defaultKind)
    {
        List<string> messages;
        try
        {
            messages = Hl7Message.SplitMessages(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"not a usable HL7 report: {ex.Message}", ex);
        }

        if (messages.Count <= 1)
        {
            return [ParseHl7(text, defaultKind)];
        }

        var reports = new List<IncomingReport>();
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                reports.Add(ParseHl7(messages[i], defaultKind));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"message {i + 1} of {messages.Count}: {ex.Message}", ex);
            }
        }

        // The same message id twice with different patients: one of them is a mix-up; refuse the file whole.
        foreach (var sameId in reports.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            if (sameId.Select(r => r.Identifiers?.GetValueOrDefault("patientId")).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                throw new InvalidDataException($"messages of this file share a message control ID but name different patients; nothing was taken");
            }
        }

        return reports;
    }

    private static IncomingReport ParseHl7(string text, string defaultKind)
    {
        Hl7Report report;
        try
        {
            var message = Hl7Message.Parse(text);
            report = Hl7Report.FromMessage(message);
            var app = message.Component(message.Field("MSH", 3), 1) ?? "";
            var id = report.ControlId is null ? Spool.Hash(text) : Spool.Hash(app + "|" + report.ControlId);
            return new IncomingReport("hl7-" + id[..32], report.Kind ?? defaultKind, "hl7v2", report.Text, report.StudyInstanceUid, report.Metadata,
                report.Identifiers.Count > 0 ? report.Identifiers : null);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"not a usable HL7 report: {ex.Message}", ex);
        }
    }

    /// <summary>The file's bytes, read through a handle that refuses links, FIFOs and devices, up to <see cref="MaxReportBytes"/>.</summary>
    private static byte[] ReadCapped(string path)
    {
        using var stream = UnixFile.OpenRegularForRead(path);
        if (stream.Length > MaxReportBytes)
        {
            throw new InvalidDataException($"the report file is {stream.Length} bytes; at most {MaxReportBytes} are taken (reports are text)");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
