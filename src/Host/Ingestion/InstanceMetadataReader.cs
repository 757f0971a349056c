using RadCnn.Dicom;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Reads the attributes the pipeline needs from a DICOM file, stopping before the pixel data. A file
/// that is not DICOM, or lacks the UIDs every stored instance must have, is refused with a reason.
/// </summary>
internal static class InstanceMetadataReader
{
    // Streamed (no whole-file buffer): the header is a few kB at the front of a file of up to gigabytes.
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforeTag = DicomTag.PixelData, WholeFileThreshold = 0 };

    /// <exception cref="InvalidDataException">Not a readable DICOM instance; the message says why (no patient data).</exception>
    public static InstanceMetadata Read(string path)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, HeaderOnly);
        }
        catch (DicomFormatException ex)
        {
            throw new InvalidDataException($"not readable as DICOM: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("not readable as DICOM: the file ends early", ex);
        }

        var data = file.Dataset;
        return new InstanceMetadata(
            Required(data, DicomTag.SOPInstanceUID, "SOP Instance UID"),
            Required(data, DicomTag.SOPClassUID, "SOP Class UID"),
            Required(data, DicomTag.SeriesInstanceUID, "Series Instance UID"),
            Required(data, DicomTag.StudyInstanceUID, "Study Instance UID"),
            Optional(data, DicomTag.Modality),
            Optional(data, DicomTag.BodyPartExamined),
            Optional(data, DicomTag.SeriesDescription));
    }

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
