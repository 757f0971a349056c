namespace RadCnn.Dicom.Network.Upper;

/// <summary>Result/reason of a presentation context in an A-ASSOCIATE-AC (PS3.8 table 9-18).</summary>
internal enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
