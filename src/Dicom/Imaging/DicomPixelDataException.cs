namespace RadCnn.Dicom.Imaging;

/// <summary>The pixel data contradicts its description (missing attributes, too short, a corrupt RLE frame).</summary>
public sealed class DicomPixelDataException : Exception
{
    public DicomPixelDataException()
    {
    }

    public DicomPixelDataException(string message)
        : base(message)
    {
    }

    public DicomPixelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
