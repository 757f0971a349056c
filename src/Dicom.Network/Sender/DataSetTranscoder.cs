using RadCnn.Dicom.IO;

namespace RadCnn.Dicom.Network.Sender;

/// <summary>
/// Re-encodes a file's data set between the uncompressed syntaxes (explicit/implicit VR, either
/// byte order) with RadCnn.Dicom, for a peer that accepted the SOP class but not the file's own
/// syntax. Compressed pixel data is never decoded here: such a file is reported as not sendable.
/// </summary>
internal static class DataSetTranscoder
{
    public static bool CanTranscode(string from, string to)
        => IsNative(from) && IsNative(to);

    /// <summary>Writes the data set in <paramref name="to"/> to a temporary file and returns its path; the caller deletes it.</summary>
    public static string ToTempFile(string path, string to)
    {
        var file = DicomFile.Open(path);
        var temp = Path.Combine(Path.GetTempPath(), $"radcnn-send-{Guid.NewGuid():N}.bin");
        using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        DicomDatasetSerializer.Write(output, file.Dataset, DicomTransferSyntax.Parse(to));
        return temp;
    }

    private static bool IsNative(string uid)
    {
        var syntax = DicomTransferSyntax.Parse(uid);
        return !syntax.IsEncapsulated && !syntax.IsDeflated;
    }
}
