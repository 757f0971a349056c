namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// A peer broke the upper layer protocol (bad length, unexpected PDU, malformed item). The
/// association that saw it is aborted with <see cref="AbortReason"/>.
/// </summary>
internal sealed class DicomProtocolException : Exception
{
    public DicomProtocolException(string message, AbortReason reason = AbortReason.InvalidPduParameterValue)
        : base(message)
    {
        Reason = reason;
    }

    public DicomProtocolException()
    {
    }

    public DicomProtocolException(string message)
        : base(message)
    {
    }

    public DicomProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbortReason Reason { get; } = AbortReason.InvalidPduParameterValue;
}
