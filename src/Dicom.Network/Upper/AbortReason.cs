namespace RadCnn.Dicom.Network.Upper;

/// <summary>A-ABORT reason/diag values for a service-provider abort (PS3.8 table 9-26).</summary>
internal enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
