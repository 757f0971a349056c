namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// The user identity negotiation sub-item of an A-ASSOCIATE-RQ (item type 0x58, PS3.7 D.3.3.7.1):
/// the identity type (1 username, 2 username and passcode, 3 Kerberos, 4 SAML, 5 JWT), whether the
/// requestor wants a positive response, and the primary and secondary fields as sent.
/// </summary>
internal sealed record UserIdentityRequest(byte Type, bool PositiveResponseRequested, byte[] Primary, byte[] Secondary)
{
    public const byte Username = 1;
    public const byte UsernameAndPasscode = 2;

    /// <summary>No field of it in a ToString: a passcode must not reach a log line.</summary>
    public override string ToString() => $"user identity type {Type}";
}
