using System.Buffers.Binary;
using System.Net.Sockets;
using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Tests.Support;

/// <summary>A hand-driven TCP peer for sending malformed or incomplete PDUs to the listener.</summary>
internal sealed class RawPeer : IDisposable
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private readonly TcpClient _client = new() { NoDelay = true };

    public RawPeer(int port)
    {
        _client.Connect("127.0.0.1", port);
        Stream = _client.GetStream();
    }

    public NetworkStream Stream { get; }

    public void Send(byte[] bytes) => Stream.Write(bytes);

    /// <summary>Associates for CT Image Storage in explicit VR LE (context 1); returns the accept.</summary>
    public AssociateAccept Associate(uint maxPdu = 16384)
    {
        var request = new AssociateRequest("RADCNN", "RAWPEER", AssociateCodec.DicomApplicationContext,
            [new PresentationContextProposal(1, CtImageStorage, ["1.2.840.10008.1.2.1"])],
            new UserInformation(maxPdu, "1.2.3.4", "RAW"));
        Send(AssociateCodec.Encode(request));
        var pdu = ReadPdu(TimeSpan.FromSeconds(10));
        Assert.NotNull(pdu);
        Assert.Equal(PduType.AssociateAccept, pdu.Value.Type);
        return AssociateCodec.DecodeAccept(pdu.Value.Body);
    }

    public void SendStoreCommand(string sopInstanceUid)
    {
        var command = new CommandSet()
            .SetString(CommandTag.AffectedSopClassUid, CtImageStorage)
            .SetUInt16(CommandTag.CommandField, CommandField.CStoreRequest)
            .SetUInt16(CommandTag.MessageId, 1)
            .SetUInt16(CommandTag.Priority, 0)
            .SetUInt16(CommandTag.CommandDataSetType, 0)
            .SetString(CommandTag.AffectedSopInstanceUid, sopInstanceUid)
            .Encode();
        Send(DataPdu(1, 3, command));
    }

    /// <summary>A P-DATA-TF with one PDV; control bit 0 = command, bit 1 = last fragment.</summary>
    public static byte[] DataPdu(byte context, byte control, ReadOnlySpan<byte> data)
    {
        var pdu = new byte[12 + data.Length];
        pdu[0] = 4;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(6 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(2 + data.Length));
        pdu[10] = context;
        pdu[11] = control;
        data.CopyTo(pdu.AsSpan(12));
        return pdu;
    }

    /// <summary>The next PDU, or null when the listener closed the connection (or nothing came in time).</summary>
    public (PduType Type, byte[] Body)? ReadPdu(TimeSpan timeout)
    {
        Stream.ReadTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            var header = new byte[6];
            if (Stream.ReadAtLeast(header, 6, throwOnEndOfStream: false) < 6)
            {
                return null;
            }

            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            Stream.ReadExactly(body);
            return ((PduType)header[0], body);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the listener closed the connection within the timeout (after any PDUs it sent first).</summary>
    public bool ClosedWithin(TimeSpan timeout, out List<PduType> received)
    {
        received = [];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Stream.ReadTimeout = (int)Math.Max(1, (deadline - DateTime.UtcNow).TotalMilliseconds);
            try
            {
                var header = new byte[6];
                var n = Stream.ReadAtLeast(header, 6, throwOnEndOfStream: false);
                if (n < 6)
                {
                    return true;
                }

                received.Add((PduType)header[0]);
                var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
                Stream.ReadExactly(body);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        return false;
    }

    public void Dispose() => _client.Dispose();
}
