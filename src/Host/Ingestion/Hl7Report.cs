namespace RadCnn.Host.Ingestion;

/// <summary>
/// A report taken from an HL7 ORU^R01 message: its text (OBX values of the text types) and the
/// non-identifying header fields. PID and other patient segments are never read.
/// </summary>
internal sealed record Hl7Report(string? ControlId, string? Kind, string Text, string? StudyInstanceUid, IReadOnlyDictionary<string, string> Metadata)
{
    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase) { "TX", "FT", "ST" };

    public static Hl7Report FromMessage(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.MessageType.Split(message.ComponentSeparator);
        if (type.Length < 2 || type[0] != "ORU" || type[1] != "R01")
        {
            throw new FormatException($"HL7 message type {string.Join('^', type.Take(2))} is not ORU^R01");
        }

        var lines = new List<string>();
        string? studyUid = null;
        foreach (var obx in message.Segments("OBX"))
        {
            var valueType = Hl7Message.FieldOf(obx, 2);
            var value = Hl7Message.FieldOf(obx, 5);
            var observation = message.Component(Hl7Message.FieldOf(obx, 3), 1);
            // DICOM-aware senders put the Study Instance UID in an OBX of its own (PS3.20's convention).
            if (string.Equals(observation, "113014", StringComparison.Ordinal) || (valueType == "UI" && value is not null))
            {
                studyUid ??= value is null ? null : message.Unescape(value);
                continue;
            }

            if (value is null || valueType is null || !TextTypes.Contains(valueType))
            {
                continue;
            }

            lines.AddRange(value.Split(message.RepetitionSeparator).Select(message.Unescape));
        }

        if (lines.Count == 0)
        {
            throw new FormatException("the ORU^R01 message has no OBX text (value types TX, FT or ST)");
        }

        var service = Hl7Message.FieldOf(message.Segments("OBR").FirstOrDefault() ?? [], 4);
        var kind = message.Component(service, 1)?.Trim().ToLowerInvariant();
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["format"] = "hl7v2",
            ["messageType"] = "ORU^R01",
        };
        if (message.Component(message.Field("MSH", 3), 1) is { } app)
        {
            metadata["sendingApplication"] = app;
        }

        if (message.Component(message.Field("MSH", 12), 1) is { } version)
        {
            metadata["hl7Version"] = version;
        }

        var text = string.Join('\n', lines).Replace("\r\n", "\n", StringComparison.Ordinal);
        return new Hl7Report(message.ControlId, kind, text, studyUid, metadata);
    }
}
