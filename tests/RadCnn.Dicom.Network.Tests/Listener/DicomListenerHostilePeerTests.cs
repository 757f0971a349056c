using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Upper;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>
/// Peers that attack the listener's admission (issue 18): half-open connections that stall before their
/// A-ASSOCIATE-RQ, a proposed maximum PDU too small to answer on, and a C-STORE whose data set is not
/// the instance its command announced. Real sockets, DCMTK as the well-behaved modality.
/// </summary>
public sealed class DicomListenerHostilePeerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Forty_half_open_connections_neither_starve_established_associations_nor_live_for_the_artim_period()
    {
        await using var listener = await RunningListener.StartAsync(o =>
        {
            o.MaxConcurrentAssociations = 2;
            o.ArtimTimeout = TimeSpan.FromSeconds(30);
            o.PreAssociationTimeout = TimeSpan.FromSeconds(2);
        });
        var stalled = Enumerable.Range(0, 40).Select(_ => new RawPeer(listener.Port)).ToList();
        try
        {
            stalled.ForEach(p => p.Send([1, 0, 0])); // three bytes of a PDU header, then nothing
            await WaitUntilAsync(() => listener.Listener.PendingConnections == 40);

            var echo = Dcmtk.Echo(listener.Port);
            Assert.True(echo.ExitCode == 0, echo.Combined); // the modality gets in at once

            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.All(stalled, p => Assert.True(p.ClosedWithin(Patience, out _)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"half-open connections lived {clock.Elapsed.TotalSeconds:0.0} s");
            await listener.WaitIdleAsync();
        }
        finally
        {
            stalled.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_full_pending_budget_closes_new_connections_and_leaves_established_associations_alone()
    {
        await using var listener = await RunningListener.StartAsync(o =>
        {
            o.MaxPendingConnections = 5;
            o.PreAssociationTimeout = TimeSpan.FromSeconds(60);
            o.ArtimTimeout = TimeSpan.FromSeconds(60);
        });
        using var established = new RawPeer(listener.Port);
        established.Associate();
        var flood = Enumerable.Range(0, 12).Select(_ => new RawPeer(listener.Port)).ToList();
        try
        {
            await WaitUntilAsync(() => listener.Listener.PendingConnections == 5);
            Assert.Equal(7, flood.Count(p => p.ClosedWithin(TimeSpan.FromSeconds(2), out _)));
            Assert.Equal(1, listener.Listener.EstablishedAssociations);

            // The established association still works: a release is answered.
            established.Send([5, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
            Assert.Equal(PduType.ReleaseResponse, established.ReadPdu(TimeSpan.FromSeconds(10))!.Value.Type);
        }
        finally
        {
            flood.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_proposed_maximum_pdu_of_one_byte_is_rejected_at_negotiation()
    {
        await using var listener = await RunningListener.StartAsync();
        using var peer = new RawPeer(listener.Port);
        peer.Send(AssociateCodec.Encode(new AssociateRequest("RADCNN", "RAWPEER", AssociateCodec.DicomApplicationContext,
            [new PresentationContextProposal(1, RawPeer.CtImageStorage, ["1.2.840.10008.1.2.1"])], new UserInformation(1, "1.2.3.4", "RAW"))));

        var answer = peer.ReadPdu(TimeSpan.FromSeconds(10));
        Assert.NotNull(answer);
        Assert.Equal(PduType.AssociateReject, answer.Value.Type);
        Assert.Equal(AssociateRejection.Permanent, answer.Value.Body[1]);
    }

    [Fact]
    public async Task A_data_set_whose_sop_instance_uid_differs_from_the_command_is_refused_and_not_stored()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 1, rows: 16);
        var file = await File.ReadAllBytesAsync(Directory.GetFiles(series.Path)[0]);
        await using var listener = await RunningListener.StartAsync();
        using var peer = new RawPeer(listener.Port);
        peer.Associate();

        peer.SendStoreCommand("1.2.826.0.1.3680043.8.498.999"); // not the data set's SOP Instance UID
        peer.Send(RawPeer.DataPdu(1, 2, TestFiles.DataSetBytes(file)));

        var response = peer.ReadPdu(TimeSpan.FromSeconds(10));
        Assert.NotNull(response);
        Assert.Equal(PduType.DataTransfer, response.Value.Type);
        var command = CommandSet.Decode(response.Value.Body.AsSpan(6));
        Assert.Equal((ushort)0xA900, command.GetUInt16(CommandTag.Status));
        peer.Dispose();
        await listener.WaitIdleAsync();
        Assert.Empty(listener.StoredFiles());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
