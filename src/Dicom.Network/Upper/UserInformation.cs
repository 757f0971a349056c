namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// The user information item: maximum PDU length the sender of the item can receive (0 = no
/// limit), implementation class UID and version name, asynchronous operations window and role
/// selection. Other sub-items (extended negotiation, user identity) are skipped on reading.
/// </summary>
internal sealed record UserInformation(
    uint MaxPduLength,
    string ImplementationClassUid,
    string? ImplementationVersionName,
    (ushort Invoked, ushort Performed)? AsynchronousOperations = null,
    IReadOnlyList<RoleSelection>? Roles = null);
