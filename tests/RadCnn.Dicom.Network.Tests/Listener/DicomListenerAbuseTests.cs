using System.Buffers.Binary;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Upper;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>Malformed PDUs, broken and idle peers, and crowds: the listener aborts the bad ones, cleans up, and keeps serving.</summary>
public sealed class DicomListenerAbuseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Garbage_bytes_are_answered_with_an_abort_and_a_close()
    {
        await using var listener = await RunningListener.StartAsync();
        await AssertAbortedAsync(listener, peer =>
        {
            var garbage = new byte[200];
            new Random(3).NextBytes(garbage);
            garbage[0] = 0x99;
            peer.Send(garbage);
        });
    }

    [Fact]
    public async Task Associate_request_shorter_than_its_fixed_part_is_aborted()
    {
        await using var listener = await RunningListener.StartAsync();
        await AssertAbortedAsync(listener, peer => peer.Send([1, 0, 0, 0, 0, 20, .. new byte[20]]));
    }

    [Fact]
    public async Task Item_claiming_more_bytes_than_its_pdu_holds_is_aborted()
    {
        await using var listener = await RunningListener.StartAsync();
        await AssertAbortedAsync(listener, peer =>
        {
            var request = AssociateCodec.Encode(new AssociateRequest("RADCNN", "RAWPEER", AssociateCodec.DicomApplicationContext,
                [new PresentationContextProposal(1, RawPeer.CtImageStorage, ["1.2.840.10008.1.2.1"])], new UserInformation(16384, "1.2.3", null)));
            // The application context item (right after the 68-byte fixed part) now claims 60000 bytes.
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6 + 68 + 2), 60000);
            peer.Send(request);
        });
    }

    [Fact]
    public async Task Pdu_larger_than_the_negotiated_maximum_is_aborted_before_its_body_is_read()
    {
        await using var listener = await RunningListener.StartAsync(o => o.MaxPduLength = 16384);
        await AssertAbortedAsync(listener, peer =>
        {
            var accept = peer.Associate();
            Assert.Equal(16384u, accept.UserInformation.MaxPduLength);
            peer.SendStoreCommand("1.2.3.4.5");
            // Claims 16385 bytes: one over the maximum this listener announced. Only the header is sent.
            peer.Send([4, 0, 0, 0, 0x40, 0x01]);
        });
    }

    [Fact]
    public async Task Pdv_longer_than_its_pdu_is_aborted()
    {
        await using var listener = await RunningListener.StartAsync();
        await AssertAbortedAsync(listener, peer =>
        {
            peer.Associate();
            var pdu = RawPeer.DataPdu(1, 3, new byte[40]);
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), 400);
            peer.Send(pdu);
        });
    }

    [Fact]
    public async Task Client_vanishing_mid_instance_leaves_no_partial_file()
    {
        await using var listener = await RunningListener.StartAsync();
        using (var peer = new RawPeer(listener.Port))
        {
            peer.Associate();
            peer.SendStoreCommand("1.2.3.4.5.6");
            peer.Send(RawPeer.DataPdu(1, 0, new byte[8000]));
            await WaitUntilAsync(() => listener.PartialFiles().Length == 1);
        }

        await listener.WaitIdleAsync();
        Assert.Empty(listener.PartialFiles());
        Assert.Empty(listener.StoredFiles());
        AssertStillServes(listener);
    }

    [Fact]
    public async Task Client_stalling_mid_instance_is_aborted_after_the_idle_timeout()
    {
        await using var listener = await RunningListener.StartAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(1));
        using var peer = new RawPeer(listener.Port);
        peer.Associate();
        peer.SendStoreCommand("1.2.3.4.5.7");
        peer.Send(RawPeer.DataPdu(1, 0, new byte[8000]));

        Assert.True(peer.ClosedWithin(Patience, out var received));
        Assert.Equal([PduType.Abort], received);
        await listener.WaitIdleAsync();
        Assert.Empty(listener.PartialFiles());
        AssertStillServes(listener);
    }

    [Fact]
    public async Task Connections_that_never_send_are_closed_after_the_artim_timeout()
    {
        await using var listener = await RunningListener.StartAsync(o => o.ArtimTimeout = TimeSpan.FromSeconds(1));
        var peers = Enumerable.Range(0, 10).Select(_ => new RawPeer(listener.Port)).ToList();
        try
        {
            AssertStillServes(listener);
            Assert.All(peers, p => Assert.True(p.ClosedWithin(Patience, out _)));
            await listener.WaitIdleAsync();
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Associations_beyond_the_limit_are_rejected_transiently_until_a_slot_frees()
    {
        await using var listener = await RunningListener.StartAsync(o =>
        {
            o.MaxConcurrentAssociations = 2;
            o.ArtimTimeout = TimeSpan.FromSeconds(30);
        });
        // Established associations hold the slots (connections that never associate have a budget of their own).
        var hogs = new[] { new RawPeer(listener.Port), new RawPeer(listener.Port) };
        Array.ForEach(hogs, h => h.Associate());
        await WaitUntilAsync(() => listener.Listener.EstablishedAssociations == 2);

        var refused = Dcmtk.Echo(listener.Port);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Local Limit Exceeded", refused.Combined, StringComparison.OrdinalIgnoreCase);

        foreach (var hog in hogs)
        {
            hog.Dispose();
        }

        await listener.WaitIdleAsync();
        AssertStillServes(listener);
    }

    [Fact]
    public async Task Fifty_clients_at_once_are_all_served()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 50, rows: 64);
        var files = Directory.GetFiles(series.Path);
        await using var listener = await RunningListener.StartAsync(o => o.MaxConcurrentAssociations = 64);

        var results = await Task.WhenAll(files.Select(async file =>
        {
            var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = listener.Port, CalledAeTitle = "RADCNN" });
            var echo = await sender.EchoAsync();
            var stored = await sender.StoreAsync([file]);
            return echo == 0 && stored.Single().Succeeded;
        }));

        Assert.All(results, Assert.True);
        Assert.Equal(50, listener.StoredFiles().Length);
        await listener.WaitIdleAsync();
        Assert.Empty(listener.PartialFiles());
    }

    /// <summary>
    /// Lets one raw peer misbehave, then checks the listener answered with an A-ABORT and closed
    /// the connection, left no partial file once idle, and still answers a well-behaved C-ECHO.
    /// </summary>
    private static async Task AssertAbortedAsync(RunningListener listener, Action<RawPeer> misbehave)
    {
        using (var peer = new RawPeer(listener.Port))
        {
            misbehave(peer);
            Assert.True(peer.ClosedWithin(Patience, out var received));
            Assert.Equal([PduType.Abort], received);
        }

        await listener.WaitIdleAsync();
        Assert.Empty(listener.PartialFiles());
        AssertStillServes(listener);
    }

    private static void AssertStillServes(RunningListener listener)
    {
        var echo = Dcmtk.Echo(listener.Port);
        Assert.True(echo.ExitCode == 0, echo.Combined);
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
