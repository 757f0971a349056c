namespace RadCnn.Dicom.Network.Upper;

/// <summary>An A-ASSOCIATE-AC (PS3.8 section 9.3.3); AE titles are echoed from the request.</summary>
internal sealed record AssociateAccept(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<PresentationContextAnswer> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1);
