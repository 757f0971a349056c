namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// The body of an A-ASSOCIATE-RJ (PS3.8 table 9-21): result 1 permanent / 2 transient; source 1
/// service user, 2 service provider (ACSE), 3 service provider (presentation); reason by source.
/// </summary>
internal sealed record AssociateRejection(byte Result, byte Source, byte Reason)
{
    public const byte Permanent = 1;
    public const byte Transient = 2;

    public static AssociateRejection NoReasonGiven { get; } = new(Permanent, 1, 1);

    public static AssociateRejection ApplicationContextNotSupported { get; } = new(Permanent, 1, 2);

    public static AssociateRejection CallingAeNotRecognized { get; } = new(Permanent, 1, 3);

    public static AssociateRejection CalledAeNotRecognized { get; } = new(Permanent, 1, 7);

    public static AssociateRejection ProtocolVersionNotSupported { get; } = new(Permanent, 2, 2);

    public static AssociateRejection LocalLimitExceeded { get; } = new(Transient, 3, 2);

    public override string ToString() => (Source, Reason) switch
    {
        (1, 2) => "application context name not supported",
        (1, 3) => "calling AE title not recognized",
        (1, 7) => "called AE title not recognized",
        (2, 2) => "protocol version not supported",
        (3, 1) => "temporary congestion",
        (3, 2) => "local limit exceeded",
        _ => $"result {Result}, source {Source}, reason {Reason}",
    };
}
