namespace RadCnn.Host.Cli.Dicom;

/// <summary>Tells a DICOM Part 10 file (128-byte preamble, then "DICM") from any other file by its first 132 bytes.</summary>
internal static class Part10Sniffer
{
    private const int PrefixOffset = 128;

    public static bool IsPart10(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            Span<byte> head = stackalloc byte[PrefixOffset + 4];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[PrefixOffset..].SequenceEqual("DICM"u8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
