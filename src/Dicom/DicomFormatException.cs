using System.Globalization;

namespace RadCnn.Dicom;

/// <summary>
/// A file or stream that is not valid DICOM: truncated, malformed or hostile. Says where (byte offset
/// from the start of the file) and in which element reading stopped, so an operator can find the fault.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException()
    {
    }

    public DicomFormatException(string message)
        : base(message)
    {
    }

    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomFormatException(string reason, long offset, DicomTag? tag, string? source = null, Exception? innerException = null)
        : base(Describe(reason, offset, tag, source), innerException)
    {
        Reason = reason;
        Offset = offset;
        Tag = tag;
        Source = source;
    }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>Byte offset from the start of the file (or stream) where the faulty element or header starts.</summary>
    public long Offset { get; } = -1;

    /// <summary>The element being read, where its tag was known.</summary>
    public DicomTag? Tag { get; }

    /// <summary>File path or other name of the input, where known.</summary>
    public new string? Source { get; }

    private static string Describe(string reason, long offset, DicomTag? tag, string? source)
    {
        var where = tag is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"element {t}{KeywordOf(t)} at offset {offset} (0x{offset:X})")
            : string.Create(CultureInfo.InvariantCulture, $"offset {offset} (0x{offset:X})");
        return source is null ? $"{where}: {reason}" : $"{source}: {where}: {reason}";
    }

    private static string KeywordOf(DicomTag tag)
    {
        var keyword = tag.Keyword;
        return keyword.Length > 0 ? " " + keyword : string.Empty;
    }
}
