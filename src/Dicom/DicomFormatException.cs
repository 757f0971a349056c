using System.Globalization;

namespace RadCnn.Dicom;

/// <summary>
/// A file or stream that is not valid DICOM: truncated, malformed or hostile. Says where (byte offset
/// from the start of the file) and in which element reading stopped, so an operator can find the fault.
/// Also thrown when a value cannot be read as asked (an IS value "1A" read as a number). A
/// <see cref="FormatException"/>, so code that catches those catches this too.
/// </summary>
public sealed class DicomFormatException : FormatException
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
        InputName = source;
    }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>Byte offset from the start of the file (or stream) where the faulty element or header starts.</summary>
    public long Offset { get; } = -1;

    /// <summary>The element being read, where its tag was known.</summary>
    public DicomTag? Tag { get; }

    /// <summary>File path or other name of the input, where known.</summary>
    public string? InputName { get; }

    private static string Describe(string reason, long offset, DicomTag? tag, string? source)
    {
        var at = offset >= 0 ? string.Create(CultureInfo.InvariantCulture, $" at offset {offset} (0x{offset:X})") : string.Empty;
        var where = tag is { } t ? $"element {t}{KeywordOf(t)}{at}" : at.TrimStart();
        return source is null ? $"{where}: {reason}" : $"{source}: {where}: {reason}";
    }

    private static string KeywordOf(DicomTag tag)
    {
        var keyword = tag.Keyword;
        return keyword.Length > 0 ? " " + keyword : string.Empty;
    }
}
