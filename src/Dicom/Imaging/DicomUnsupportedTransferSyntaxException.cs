namespace RadCnn.Dicom.Imaging;

/// <summary>
/// Pixel data compressed with a syntax RadCnn does not decode (JPEG, JPEG-LS, JPEG 2000, HTJ2K,
/// MPEG, HEVC, deflated images...). Raised before any byte is interpreted, so compressed data is
/// never mistaken for pixels; the message names the syntax.
/// </summary>
public sealed class DicomUnsupportedTransferSyntaxException : NotSupportedException
{
    public DicomUnsupportedTransferSyntaxException()
    {
    }

    public DicomUnsupportedTransferSyntaxException(string message)
        : base(message)
    {
    }

    public DicomUnsupportedTransferSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DicomUnsupportedTransferSyntaxException(DicomTransferSyntax syntax)
        : base($"pixel data in {syntax.Name} ({syntax.Uid.Value}) cannot be decoded: RadCnn decodes native (uncompressed) and RLE Lossless pixel data only")
    {
        TransferSyntaxUid = syntax.Uid.Value;
    }

    /// <summary>The UID of the refused syntax.</summary>
    public string TransferSyntaxUid { get; } = string.Empty;
}
