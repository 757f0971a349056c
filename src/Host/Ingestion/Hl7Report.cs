namespace RadCnn.Host.Ingestion;

/// <summary>
/// A report taken from an HL7 ORU^R01 message: its text (OBX values of the text types), the
/// non-identifying header fields, and the patient (PID-3) and order (OBR-2, OBR-3) identifiers that
/// keep it apart from another patient's report. Identifiers stay in the spool; the store and
/// telemetry see only their hashes.
/// </summary>
internal sealed record Hl7Report(string? ControlId, string? Kind, string Text, string? StudyInstanceUid, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> Identifiers)
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

        // One message, one patient: PID segments that disagree are a mix-up, refused rather than guessed.
        var patients = message.Segments("PID")
            .Select(pid => PatientKey(message, pid))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (patients.Count > 1)
        {
            throw new FormatException("the message names more than one patient (its PID segments disagree)");
        }

        var obr = message.Segments("OBR").FirstOrDefault() ?? [];
        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (patients.Count == 1)
        {
            identifiers["patientId"] = patients[0];
        }

        if (message.Component(Hl7Message.FieldOf(obr, 2), 1) is { } placer)
        {
            identifiers["placerOrderNumber"] = placer;
        }

        if (message.Component(Hl7Message.FieldOf(obr, 3), 1) is { } filler)
        {
            identifiers["fillerOrderNumber"] = filler;
        }

        var service = Hl7Message.FieldOf(obr, 4);
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

        foreach (var (name, value) in identifiers)
        {
            metadata[name + "Hash"] = Store.Spool.Hash(value)[..16];
        }

        var text = string.Join('\n', lines).Replace("\r\n", "\n", StringComparison.Ordinal);
        return new Hl7Report(message.ControlId, kind, text, studyUid, metadata, identifiers);
    }

    /// <summary>PID-3's first identifier with its assigning authority ("id^^^authority" as "authority/id"); PID-2 for old senders.</summary>
    private static string? PatientKey(Hl7Message message, string[] pid)
    {
        var list = Hl7Message.FieldOf(pid, 3) ?? Hl7Message.FieldOf(pid, 2);
        var id = message.Component(list, 1);
        if (id is null)
        {
            return null;
        }

        var authority = message.Component(list, 4);
        return authority is null ? id : authority + "/" + id;
    }
}
