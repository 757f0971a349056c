namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// The user information item: maximum PDU length the sender of the item can receive (0 = no
/// limit), implementation class UID and version name, asynchronous operations window and role
/// selection, user identity (the request's sub-item 0x58; in an accept, the server response of
/// sub-item 0x59 when one is sent). Extended negotiation sub-items are skipped on reading.
/// </summary>
internal sealed record UserInformation(
    uint MaxPduLength,
    string ImplementationClassUid,
    string? ImplementationVersionName,
    (ushort Invoked, ushort Performed)? AsynchronousOperations = null,
    IReadOnlyList<RoleSelection>? Roles = null,
    UserIdentityRequest? Identity = null,
    byte[]? IdentityResponse = null);
