namespace RadCnn.Dicom;

/// <summary>How a file is read: when to leave values in the file, and limits that protect against hostile input.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Values at least this long are left in the file (when opened by path) and read on demand.</summary>
    public long LazyValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Files up to this size are read whole into memory at once (fastest); larger ones are streamed.</summary>
    public long WholeFileThreshold { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected rather than risking the stack.</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>Stop after the dataset element before this tag (e.g. PixelData to read headers only); null reads all.</summary>
    public DicomTag? StopBeforeTag { get; init; }
}
