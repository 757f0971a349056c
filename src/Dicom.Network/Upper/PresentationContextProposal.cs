namespace RadCnn.Dicom.Network.Upper;

/// <summary>A presentation context item of an A-ASSOCIATE-RQ: one abstract syntax, the transfer syntaxes offered.</summary>
internal sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
