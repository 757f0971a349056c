namespace RadCnn.Dicom.Network.Upper;

/// <summary>A presentation context item of an A-ASSOCIATE-AC: the result and the one transfer syntax chosen.</summary>
internal sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax);
