namespace RadCnn.Dicom.Network;

/// <summary>An association could not be made or was lost (rejected, aborted, timed out, protocol error).</summary>
public sealed class DicomNetworkException : Exception
{
    public DicomNetworkException()
    {
    }

    public DicomNetworkException(string message)
        : base(message)
    {
    }

    public DicomNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
