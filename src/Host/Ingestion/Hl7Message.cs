using System.Globalization;
using System.Text;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// A parsed HL7 v2 message: segments of fields, with the separators MSH declares. Reads only what
/// the report inbox needs (MSH, OBR, OBX); it tolerates MLLP framing and any of CR, LF or CRLF as
/// segment terminator, as files exported by interface engines use all of them.
/// </summary>
internal sealed class Hl7Message
{
    private readonly List<string[]> _segments;

    private Hl7Message(List<string[]> segments, char component, char repetition, char escape, char subcomponent)
    {
        _segments = segments;
        ComponentSeparator = component;
        RepetitionSeparator = repetition;
        EscapeCharacter = escape;
        SubcomponentSeparator = subcomponent;
    }

    public char ComponentSeparator { get; }

    public char RepetitionSeparator { get; }

    public char EscapeCharacter { get; }

    public char SubcomponentSeparator { get; }

    public IEnumerable<string> SegmentIds => _segments.Select(s => s[0]);

    /// <summary>MSH-9, for example "ORU^R01^ORU_R01".</summary>
    public string MessageType => Field("MSH", 9) ?? "";

    /// <summary>MSH-10, the sender's unique id of the message.</summary>
    public string? ControlId => Field("MSH", 10);

    /// <summary>
    /// The messages a file holds, one text each: a new message starts at every MSH segment (interface
    /// engines export batches that way, with or without FHS/BHS batch envelopes, which are dropped).
    /// </summary>
    /// <exception cref="FormatException">Segments before the first MSH.</exception>
    public static List<string> SplitMessages(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var messages = new List<string>();
        StringBuilder? current = null;
        foreach (var line in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = line.Trim('\v', '\u001c', '\uFEFF', ' ');
            if (segment.Length == 0 || segment.StartsWith("FHS", StringComparison.Ordinal) || segment.StartsWith("BHS", StringComparison.Ordinal)
                || segment.StartsWith("BTS", StringComparison.Ordinal) || segment.StartsWith("FTS", StringComparison.Ordinal))
            {
                continue;
            }

            if (segment.StartsWith("MSH", StringComparison.Ordinal))
            {
                current = new StringBuilder();
                messages.Add(string.Empty);
            }
            else if (current is null)
            {
                throw new FormatException("not an HL7 v2 message: it does not start with an MSH segment");
            }

            current.Append(segment).Append('\r');
            messages[^1] = current.ToString();
        }

        return messages;
    }

    public static Hl7Message Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim('\v', '\u001c', '\r', '\n', ' ', '\uFEFF');
        if (!text.StartsWith("MSH", StringComparison.Ordinal) || text.Length < 8)
        {
            throw new FormatException("not an HL7 v2 message: it does not start with an MSH segment");
        }

        var field = text[3];
        var encoding = text[4..8];
        if (encoding.Contains(field, StringComparison.Ordinal) || char.IsLetterOrDigit(field))
        {
            throw new FormatException("MSH declares invalid separators");
        }

        var segments = new List<string[]>();
        foreach (var line in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = line.Trim('\v', '\u001c');
            if (trimmed.Length < 3)
            {
                continue;
            }

            var parts = trimmed.Split(field);
            if (parts[0] == "MSH")
            {
                // MSH-1 is the field separator itself, so MSH fields are numbered one off from the split.
                parts = ["MSH", field.ToString(), .. parts[1..]];
            }

            segments.Add(parts);
        }

        return new Hl7Message(segments, encoding[0], encoding[1], encoding[2], encoding[3]);
    }

    public IEnumerable<string[]> Segments(string id) => _segments.Where(s => s[0] == id);

    /// <summary>Field <paramref name="index"/> (1-based, as in the standard) of the first segment named <paramref name="segment"/>.</summary>
    public string? Field(string segment, int index) => Segments(segment).Select(s => FieldOf(s, index)).FirstOrDefault();

    public static string? FieldOf(string[] segment, int index)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return index < segment.Length && segment[index].Length > 0 ? segment[index] : null;
    }

    /// <summary>Component <paramref name="index"/> (1-based) of a field, unescaped.</summary>
    public string? Component(string? field, int index)
    {
        if (field is null)
        {
            return null;
        }

        var parts = field.Split(RepetitionSeparator)[0].Split(ComponentSeparator);
        return index <= parts.Length && parts[index - 1].Length > 0 ? Unescape(parts[index - 1]) : null;
    }

    /// <summary>Resolves HL7 escape sequences: separators (\F\ \S\ \T\ \R\ \E\), line breaks (\.br\) and hex (\Xhh\).</summary>
    public string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains(EscapeCharacter, StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var end = value[i] == EscapeCharacter ? value.IndexOf(EscapeCharacter, i + 1) : -1;
            if (end < 0)
            {
                result.Append(value[i++]);
                continue;
            }

            var code = value[(i + 1)..end];
            result.Append(code switch
            {
                "F" => "|",
                "S" => ComponentSeparator.ToString(),
                "T" => SubcomponentSeparator.ToString(),
                "R" => RepetitionSeparator.ToString(),
                "E" => EscapeCharacter.ToString(),
                ".br" => "\n",
                _ when code.StartsWith('X') && code.Length % 2 == 1 => Hex(code[1..]),
                _ => "",
            });
            i = end + 1;
        }

        return result.ToString();
    }

    private static string Hex(string digits)
    {
        var bytes = new byte[digits.Length / 2];
        for (var b = 0; b < bytes.Length; b++)
        {
            if (!byte.TryParse(digits.AsSpan(b * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[b]))
            {
                return "";
            }
        }

        return Encoding.Latin1.GetString(bytes);
    }
}
