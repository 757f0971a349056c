using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// Encodes and decodes the bodies of A-ASSOCIATE-RQ and -AC (PS3.8 tables 9-11 to 9-18). Every
/// length is checked against what is left of its parent, so a malformed PDU fails with a
/// <see cref="DicomProtocolException"/> instead of reading past its end.
/// </summary>
internal static class AssociateCodec
{
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    private const byte ApplicationContextItem = 0x10;
    private const byte PresentationContextRequestItem = 0x20;
    private const byte PresentationContextAcceptItem = 0x21;
    private const byte AbstractSyntaxItem = 0x30;
    private const byte TransferSyntaxItem = 0x40;
    private const byte UserInformationItem = 0x50;
    private const byte MaxLengthItem = 0x51;
    private const byte ImplementationClassUidItem = 0x52;
    private const byte AsynchronousOperationsItem = 0x53;
    private const byte RoleSelectionItem = 0x54;
    private const byte ImplementationVersionNameItem = 0x55;
    private const byte UserIdentityRequestItem = 0x58;
    private const byte UserIdentityResponseItem = 0x59;

    public static byte[] Encode(AssociateRequest request)
    {
        var body = new PduBuilder();
        WriteFixedHeader(body, request.ProtocolVersion, request.CalledAeTitle, request.CallingAeTitle);
        WriteItem(body, ApplicationContextItem, request.ApplicationContext);
        foreach (var context in request.PresentationContexts)
        {
            var start = body.BeginItem(PresentationContextRequestItem);
            body.Add(context.Id);
            body.Add(0);
            body.Add(0);
            body.Add(0);
            WriteItem(body, AbstractSyntaxItem, context.AbstractSyntax);
            foreach (var syntax in context.TransferSyntaxes)
            {
                WriteItem(body, TransferSyntaxItem, syntax);
            }

            body.EndItem(start);
        }

        WriteUserInformation(body, request.UserInformation);
        return body.ToPdu(PduType.AssociateRequest);
    }

    public static byte[] Encode(AssociateAccept accept)
    {
        var body = new PduBuilder();
        WriteFixedHeader(body, accept.ProtocolVersion, accept.CalledAeTitle, accept.CallingAeTitle);
        WriteItem(body, ApplicationContextItem, accept.ApplicationContext);
        foreach (var context in accept.PresentationContexts)
        {
            var start = body.BeginItem(PresentationContextAcceptItem);
            body.Add(context.Id);
            body.Add(0);
            body.Add((byte)context.Result);
            body.Add(0);
            // PS3.8 9.3.3.2: the transfer syntax sub-item is present but not significant when the context is refused.
            WriteItem(body, TransferSyntaxItem, context.Result == PresentationContextResult.Acceptance ? context.TransferSyntax : string.Empty);
            body.EndItem(start);
        }

        WriteUserInformation(body, accept.UserInformation);
        return body.ToPdu(PduType.AssociateAccept);
    }

    public static AssociateRequest DecodeRequest(ReadOnlySpan<byte> body)
    {
        var pdu = Decode(body, PresentationContextRequestItem, "A-ASSOCIATE-RQ", ReadProposal);
        return new AssociateRequest(pdu.Called, pdu.Calling, pdu.ApplicationContext, pdu.Contexts, pdu.User, pdu.Version);
    }

    public static AssociateAccept DecodeAccept(ReadOnlySpan<byte> body)
    {
        var pdu = Decode(body, PresentationContextAcceptItem, "A-ASSOCIATE-AC", ReadAnswer);
        return new AssociateAccept(pdu.Called, pdu.Calling, pdu.ApplicationContext, pdu.Contexts, pdu.User, pdu.Version);
    }

    private delegate T ItemDecoder<out T>(ReadOnlySpan<byte> value);

    /// <summary>The parts A-ASSOCIATE-RQ and -AC share: fixed header, application context, presentation contexts of one item type, user information.</summary>
    private static (ushort Version, string Called, string Calling, string ApplicationContext, List<T> Contexts, UserInformation User) Decode<T>(
        ReadOnlySpan<byte> body, byte contextItem, string pduName, ItemDecoder<T> readContext)
    {
        var (version, called, calling) = ReadFixedHeader(body);
        string? applicationContext = null;
        UserInformation? user = null;
        var contexts = new List<T>();
        var reader = new ItemReader(body[68..]);
        while (reader.Next(out var type, out var value))
        {
            if (type == ApplicationContextItem)
            {
                applicationContext = ReadUid(value);
            }
            else if (type == contextItem)
            {
                contexts.Add(readContext(value));
            }
            else if (type == UserInformationItem)
            {
                user = ReadUserInformation(value);
            }
            else
            {
                throw new DicomProtocolException($"unexpected item 0x{type:X2} in {pduName}", AbortReason.UnrecognizedPduParameter);
            }
        }

        return (version, called, calling,
            applicationContext ?? throw new DicomProtocolException($"{pduName} without application context"),
            contexts,
            user ?? throw new DicomProtocolException($"{pduName} without user information"));
    }

    private static PresentationContextAnswer ReadAnswer(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new DicomProtocolException("presentation context item too short");
        }

        var syntax = string.Empty;
        var sub = new ItemReader(value[4..]);
        while (sub.Next(out var subType, out var subValue))
        {
            if (subType == TransferSyntaxItem)
            {
                syntax = ReadUid(subValue);
            }
        }

        return new PresentationContextAnswer(value[0], (PresentationContextResult)value[2], syntax);
    }

    private static void WriteFixedHeader(PduBuilder body, ushort version, string called, string calling)
    {
        body.AddUInt16(version);
        body.AddUInt16(0);
        body.AddPadded(called, 16);
        body.AddPadded(calling, 16);
        body.AddZeros(32);
    }

    private static (ushort Version, string Called, string Calling) ReadFixedHeader(ReadOnlySpan<byte> body)
    {
        if (body.Length < 68)
        {
            throw new DicomProtocolException($"A-ASSOCIATE body of {body.Length} bytes is shorter than its 68-byte fixed part");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(body), ReadAeTitle(body.Slice(4, 16)), ReadAeTitle(body.Slice(20, 16)));
    }

    private static void WriteUserInformation(PduBuilder body, UserInformation user)
    {
        var start = body.BeginItem(UserInformationItem);
        var max = body.BeginItem(MaxLengthItem);
        body.AddUInt32(user.MaxPduLength);
        body.EndItem(max);
        WriteItem(body, ImplementationClassUidItem, user.ImplementationClassUid);
        if (user.AsynchronousOperations is { } window)
        {
            var item = body.BeginItem(AsynchronousOperationsItem);
            body.AddUInt16(window.Invoked);
            body.AddUInt16(window.Performed);
            body.EndItem(item);
        }

        foreach (var role in user.Roles ?? [])
        {
            var item = body.BeginItem(RoleSelectionItem);
            body.AddUInt16((ushort)Encoding.ASCII.GetByteCount(role.SopClassUid));
            body.AddAscii(role.SopClassUid);
            body.Add(role.ScuRole ? (byte)1 : (byte)0);
            body.Add(role.ScpRole ? (byte)1 : (byte)0);
            body.EndItem(item);
        }

        if (!string.IsNullOrEmpty(user.ImplementationVersionName))
        {
            WriteItem(body, ImplementationVersionNameItem, user.ImplementationVersionName);
        }

        if (user.Identity is { } identity)
        {
            var item = body.BeginItem(UserIdentityRequestItem);
            body.Add(identity.Type);
            body.Add(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            body.AddUInt16((ushort)identity.Primary.Length);
            body.AddBytes(identity.Primary);
            body.AddUInt16((ushort)identity.Secondary.Length);
            body.AddBytes(identity.Secondary);
            body.EndItem(item);
        }

        if (user.IdentityResponse is { } response)
        {
            var item = body.BeginItem(UserIdentityResponseItem);
            body.AddUInt16((ushort)response.Length);
            body.AddBytes(response);
            body.EndItem(item);
        }

        body.EndItem(start);
    }

    private static UserInformation ReadUserInformation(ReadOnlySpan<byte> value)
    {
        uint max = 0;
        var classUid = string.Empty;
        string? versionName = null;
        (ushort, ushort)? window = null;
        var roles = new List<RoleSelection>();
        UserIdentityRequest? identity = null;
        byte[]? identityResponse = null;
        var reader = new ItemReader(value);
        while (reader.Next(out var type, out var sub))
        {
            switch (type)
            {
                case MaxLengthItem:
                    if (sub.Length != 4)
                    {
                        throw new DicomProtocolException("maximum length sub-item is not 4 bytes");
                    }

                    max = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case ImplementationClassUidItem:
                    classUid = ReadUid(sub);
                    break;
                case ImplementationVersionNameItem:
                    versionName = Encoding.ASCII.GetString(sub).Trim();
                    break;
                case AsynchronousOperationsItem:
                    if (sub.Length != 4)
                    {
                        throw new DicomProtocolException("asynchronous operations window sub-item is not 4 bytes");
                    }

                    window = (BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..]));
                    break;
                case RoleSelectionItem:
                    if (sub.Length < 2)
                    {
                        throw new DicomProtocolException("role selection sub-item too short");
                    }

                    var uidLength = BinaryPrimitives.ReadUInt16BigEndian(sub);
                    if (sub.Length != uidLength + 4)
                    {
                        throw new DicomProtocolException("role selection sub-item length does not match its UID length");
                    }

                    roles.Add(new RoleSelection(ReadUid(sub.Slice(2, uidLength)), sub[2 + uidLength] == 1, sub[3 + uidLength] == 1));
                    break;
                case UserIdentityRequestItem:
                    identity = ReadUserIdentity(sub);
                    break;
                case UserIdentityResponseItem:
                    if (sub.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(sub) != sub.Length - 2)
                    {
                        throw new DicomProtocolException("user identity response sub-item length does not match its field");
                    }

                    identityResponse = sub[2..].ToArray();
                    break;
                default:
                    // Extended negotiation and future sub-items: not answered means not supported (PS3.7 D.3.3).
                    break;
            }
        }

        return new UserInformation(max, classUid, versionName, window, roles, identity, identityResponse);
    }

    private static UserIdentityRequest ReadUserIdentity(ReadOnlySpan<byte> sub)
    {
        if (sub.Length < 6)
        {
            throw new DicomProtocolException("user identity sub-item too short");
        }

        var primaryLength = BinaryPrimitives.ReadUInt16BigEndian(sub[2..]);
        if (sub.Length < 4 + primaryLength + 2)
        {
            throw new DicomProtocolException("user identity primary field runs past its sub-item");
        }

        var secondaryLength = BinaryPrimitives.ReadUInt16BigEndian(sub[(4 + primaryLength)..]);
        if (sub.Length != 4 + primaryLength + 2 + secondaryLength)
        {
            throw new DicomProtocolException("user identity sub-item length does not match its fields");
        }

        return new UserIdentityRequest(sub[0], sub[1] == 1, sub.Slice(4, primaryLength).ToArray(), sub.Slice(6 + primaryLength, secondaryLength).ToArray());
    }

    private static PresentationContextProposal ReadProposal(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new DicomProtocolException("presentation context item too short");
        }

        string? abstractSyntax = null;
        var syntaxes = new List<string>();
        var reader = new ItemReader(value[4..]);
        while (reader.Next(out var type, out var sub))
        {
            switch (type)
            {
                case AbstractSyntaxItem:
                    abstractSyntax = ReadUid(sub);
                    break;
                case TransferSyntaxItem:
                    syntaxes.Add(ReadUid(sub));
                    break;
                default:
                    throw new DicomProtocolException($"unexpected sub-item 0x{type:X2} in a presentation context", AbortReason.UnrecognizedPduParameter);
            }
        }

        return new PresentationContextProposal(
            value[0],
            abstractSyntax ?? throw new DicomProtocolException("presentation context without abstract syntax"),
            syntaxes);
    }

    private static void WriteItem(PduBuilder body, byte type, string uid)
    {
        var start = body.BeginItem(type);
        body.AddAscii(uid);
        body.EndItem(start);
    }

    private static string ReadUid(ReadOnlySpan<byte> value)
    {
        // UIDs may be padded with a NUL (PS3.8 annex F); anything outside printable ASCII is malformed.
        var text = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
        foreach (var c in text)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new DicomProtocolException("UID with non-printable characters");
            }
        }

        return text;
    }

    private static string ReadAeTitle(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(' ', '\0');
}
