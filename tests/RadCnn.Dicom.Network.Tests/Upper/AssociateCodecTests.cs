using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Tests.Upper;

public sealed class AssociateCodecTests
{
    [Fact]
    public void Request_round_trips_with_user_information()
    {
        var request = new AssociateRequest("CALLED", "CALLING", AssociateCodec.DicomApplicationContext,
            [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]), new PresentationContextProposal(3, RawPeer.CtImageStorage, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])],
            new UserInformation(32768, "1.2.3.4", "VERSION", (3, 2), [new RoleSelection(RawPeer.CtImageStorage, true, false)]));

        var pdu = AssociateCodec.Encode(request);
        Assert.Equal((byte)PduType.AssociateRequest, pdu[0]);
        Assert.Equal(pdu.Length - 6, (pdu[2] << 24) | (pdu[3] << 16) | (pdu[4] << 8) | pdu[5]);
        var decoded = AssociateCodec.DecodeRequest(pdu.AsSpan(6));

        Assert.Equal("CALLED", decoded.CalledAeTitle);
        Assert.Equal("CALLING", decoded.CallingAeTitle);
        Assert.Equal(2, decoded.PresentationContexts.Count);
        Assert.Equal(["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"], decoded.PresentationContexts[1].TransferSyntaxes);
        Assert.Equal(32768u, decoded.UserInformation.MaxPduLength);
        Assert.Equal("VERSION", decoded.UserInformation.ImplementationVersionName);
        Assert.Equal(((ushort)3, (ushort)2), decoded.UserInformation.AsynchronousOperations);
        Assert.Equal(new RoleSelection(RawPeer.CtImageStorage, true, false), Assert.Single(decoded.UserInformation.Roles!));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(67)]
    public void Body_shorter_than_the_fixed_part_is_a_protocol_error(int length)
    {
        Assert.Throws<DicomProtocolException>(() => AssociateCodec.DecodeRequest(new byte[length]));
    }

    [Fact]
    public void Truncated_item_is_a_protocol_error()
    {
        var pdu = AssociateCodec.Encode(new AssociateRequest("A", "B", AssociateCodec.DicomApplicationContext, [], new UserInformation(0, "1.2", null)));
        Assert.Throws<DicomProtocolException>(() => AssociateCodec.DecodeRequest(pdu.AsSpan(6, pdu.Length - 8)));
    }

    [Fact]
    public async Task Listener_answers_an_asynchronous_window_with_one_operation_and_names_itself()
    {
        await using var listener = await RunningListener.StartAsync();
        using var peer = new RawPeer(listener.Port);
        var request = new AssociateRequest("RADCNN", "RAWPEER", AssociateCodec.DicomApplicationContext,
            [new PresentationContextProposal(1, RawPeer.CtImageStorage, ["1.2.840.10008.1.2.4.50"]), new PresentationContextProposal(3, "1.2.3.4.5.6", ["1.2.840.10008.1.2"])],
            new UserInformation(16384, "1.2.3.4", "RAW", (8, 8)));
        peer.Send(AssociateCodec.Encode(request));
        var pdu = peer.ReadPdu(TimeSpan.FromSeconds(10));
        Assert.Equal(PduType.AssociateAccept, pdu!.Value.Type);
        var accept = AssociateCodec.DecodeAccept(pdu.Value.Body);

        Assert.Equal(((ushort)1, (ushort)1), accept.UserInformation.AsynchronousOperations);
        Assert.Equal(DicomImplementation.ClassUid, accept.UserInformation.ImplementationClassUid);
        Assert.Equal(DicomImplementation.VersionName, accept.UserInformation.ImplementationVersionName);
        Assert.Equal((uint)listener.Options.MaxPduLength, accept.UserInformation.MaxPduLength);
        Assert.Equal(new PresentationContextAnswer(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2.4.50"), accept.PresentationContexts[0]);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, accept.PresentationContexts[1].Result);
    }
}
