using RadCnn.Dicom;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Reads the attributes the pipeline needs from a DICOM file. A file that is not DICOM, is cut short
/// (pixel data included), or lacks the UIDs every stored instance must have, is refused with a reason.
/// Reasons never quote the file's bytes or its name: they end up in logs.
/// </summary>
internal static partial class InstanceMetadataReader
{
    // Streamed (no whole-file buffer) and every element walked, large values (pixel data) left in the
    // file: a truncated instance is refused at the door, without reading gigabytes of pixels.
    private static readonly DicomReadOptions WholeStructure = new() { WholeFileThreshold = 0 };

    /// <exception cref="InvalidDataException">Not a readable DICOM instance; the message says why (no patient data).</exception>
    public static InstanceMetadata Read(string path)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, WholeStructure);
        }
        catch (DicomFormatException ex)
        {
            throw new InvalidDataException(Describe(ex), ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("not readable as DICOM: the file ends early", ex);
        }

        return From(file.Dataset);
    }

    /// <summary>The same from a data set already parsed (the DICOM listener's validation hands it on: no second parse).</summary>
    /// <exception cref="InvalidDataException">A required UID is missing or malformed.</exception>
    public static InstanceMetadata From(DicomDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new InstanceMetadata(
            Required(data, DicomTag.SOPInstanceUID, "SOP Instance UID"),
            Required(data, DicomTag.SOPClassUID, "SOP Class UID"),
            Required(data, DicomTag.SeriesInstanceUID, "Series Instance UID"),
            Required(data, DicomTag.StudyInstanceUID, "Study Instance UID"),
            Optional(data, DicomTag.Modality),
            Optional(data, DicomTag.BodyPartExamined),
            Optional(data, DicomTag.SeriesDescription),
            PatientHash(data));
    }

    /// <summary>Patient ID, its issuer and the name (case and trailing empty components ignored), hashed; the values themselves go nowhere.</summary>
    private static string PatientHash(DicomDataset data)
    {
        var name = (Optional(data, DicomTag.PatientName) ?? string.Empty).TrimEnd('^', ' ').ToUpperInvariant();
        var identity = string.Join('\u001f', Optional(data, DicomTag.PatientID) ?? string.Empty, Optional(data, DicomTag.IssuerOfPatientID) ?? string.Empty, name);
        return Store.Spool.Hash(identity)[..32];
    }

    /// <summary>Where the parser stopped, and its reason only when that is plain words: tags, values and names read from the file stay out.</summary>
    internal static string Describe(DicomFormatException ex)
    {
        var reason = ex.Reason.Length > 0 && PlainWords().IsMatch(ex.Reason) ? ex.Reason : "malformed or not DICOM";
        var runsPast = ex.Reason.Contains("runs past the end", StringComparison.Ordinal) ? "the file is cut short (a value runs past its end)" : null;
        var at = ex.Offset >= 0 ? $" at byte offset {ex.Offset}" : string.Empty;
        return $"not readable as DICOM{at}: {runsPast ?? reason}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z ,;-]+$")]
    private static partial System.Text.RegularExpressions.Regex PlainWords();

    private static string Required(DicomDataset data, DicomTag tag, string name)
    {
        var value = Optional(data, tag);
        if (value is null || value.Length > 64 || value.Any(c => c is not ('.' or (>= '0' and <= '9'))))
        {
            throw new InvalidDataException(value is null ? $"not a DICOM instance: no {name}" : $"the {name} is not a valid UID");
        }

        return value;
    }

    private static string? Optional(DicomDataset data, DicomTag tag)
    {
        try
        {
            return data.TryGetString(tag, out var value) && value.Trim('\0', ' ').Length > 0 ? value.Trim('\0', ' ') : null;
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }
}
