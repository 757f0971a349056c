namespace RadCnn.Dicom;

/// <summary>How a file read from disk was laid out.</summary>
public enum DicomFileFormat
{
    /// <summary>Preamble, "DICM" and file meta information: a conformant Part 10 file.</summary>
    Part10,

    /// <summary>File meta information without the preamble and "DICM".</summary>
    MetaWithoutPreamble,

    /// <summary>A bare dataset, no meta information: the transfer syntax was guessed.</summary>
    DatasetOnly,
}
