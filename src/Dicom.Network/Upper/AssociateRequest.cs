namespace RadCnn.Dicom.Network.Upper;

/// <summary>An A-ASSOCIATE-RQ (PS3.8 section 9.3.2).</summary>
internal sealed record AssociateRequest(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1);
