using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Upper;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>How storage failures reach the sender as C-STORE statuses, and that nothing is left behind.</summary>
public sealed class DicomListenerStatusTests : IDisposable
{
    private readonly TempDirectory _series = new("radcnn-ct");

    public DicomListenerStatusTests()
    {
        TestFiles.GenerateCtSeries(_series.Path, 1, rows: 64);
    }

    private string File1 => Directory.GetFiles(_series.Path).Single();

    [Fact]
    public async Task Free_space_below_the_reserve_gives_out_of_resources()
    {
        await using var listener = await RunningListener.StartAsync(o => o.MinimumFreeBytes = long.MaxValue);
        Assert.Equal((ushort)0xA700, await StoreOneAsync(listener, File1));
        Assert.Empty(listener.StoredFiles());
        Assert.Empty(await listener.PartialFilesOnceIdleAsync());

        // storescu reports the refusal too.
        var storescu = Dcmtk.Store(listener.Port, [File1], extra: ["-v"]);
        Assert.Matches("(?i)out ?of ?resources", storescu.Combined);
    }

    [Fact]
    public async Task Temporary_directory_removed_between_two_instances_of_one_association_is_created_again()
    {
        // A reserve is configured, so the free-space check meets the missing directory first.
        await using var listener = await RunningListener.StartAsync(o => o.MinimumFreeBytes = 1);
        // Two instances with their own SOP Instance UIDs (the command must announce the data set's own).
        using var two = new TempDirectory("radcnn-ct2");
        TestFiles.GenerateCtSeries(two.Path, 2, rows: 16);
        var files = Directory.GetFiles(two.Path).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        using var peer = new RawPeer(listener.Port);
        peer.Associate();

        Assert.Equal((ushort)0, StoreOverRawPeer(peer, TestFiles.SopInstanceUidOf(files[0]), TestFiles.DataSetBytes(files[0]).ToArray()));
        // Between a response and the next command the listener holds an empty file for the next instance.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (listener.PartialFiles().Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no file prepared for the next instance");
            await Task.Delay(10);
        }

        Directory.Delete(listener.IncomingDirectory, recursive: true);
        Assert.Equal((ushort)0, StoreOverRawPeer(peer, TestFiles.SopInstanceUidOf(files[1]), TestFiles.DataSetBytes(files[1]).ToArray()));
        Assert.Equal(2, listener.StoredFiles().Length);
    }

    [Theory]
    [InlineData("disk-full", 0xA700)]
    [InlineData("invalid-data", 0xC000)]
    [InlineData("other", 0x0110)]
    public async Task Handler_failures_map_to_statuses_and_the_temp_file_is_deleted(string failure, int expected)
    {
        var handler = new FailingHandler(failure);
        await using var listener = await RunningListener.StartAsync(handler: _ => handler);
        Assert.Equal((ushort)expected, await StoreOneAsync(listener, File1));
        // Deleted before the response went out, not only when the association ended.
        Assert.False(File.Exists(handler.SeenPath), handler.SeenPath);
        Assert.Empty(await listener.PartialFilesOnceIdleAsync());
    }

    [Fact]
    public async Task Unparseable_data_set_gives_cannot_understand()
    {
        // A valid file meta group followed by a data set that claims an element longer than the file.
        var original = await File.ReadAllBytesAsync(File1);
        var metaLength = original.Length - TestFiles.DataSetBytes(original).Length;
        using var elsewhere = new TempDirectory("radcnn-broken");
        var broken = elsewhere.Combine("broken.dcm");
        await File.WriteAllBytesAsync(broken, [.. original.AsSpan(0, metaLength), 0x08, 0x00, 0x16, 0x00, (byte)'U', (byte)'I', 0xFF, 0x7F, 1, 2, 3]);
        await using var listener = await RunningListener.StartAsync();

        Assert.Equal((ushort)0xC000, await StoreOneAsync(listener, broken));
        Assert.Empty(listener.StoredFiles());
        Assert.Empty(await listener.PartialFilesOnceIdleAsync());
        Assert.Equal((ushort)0, await StoreOneAsync(listener, File1));
    }

    public void Dispose() => _series.Dispose();

    private static ushort StoreOverRawPeer(RawPeer peer, string sopInstanceUid, byte[] dataSet)
    {
        peer.SendStoreCommand(sopInstanceUid);
        peer.Send(RawPeer.DataPdu(1, 2, dataSet));
        var response = peer.ReadPdu(TimeSpan.FromSeconds(10));
        Assert.NotNull(response);
        Assert.Equal(PduType.DataTransfer, response.Value.Type);
        // One PDV: item length (4), context (1), control (1), then the command set.
        return CommandSet.Decode(response.Value.Body.AsSpan(6)).GetUInt16(CommandTag.Status) ?? 0xFFFF;
    }

    private static async Task<ushort> StoreOneAsync(RunningListener listener, string file)
    {
        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = listener.Port, CalledAeTitle = "RADCNN" });
        var result = (await sender.StoreAsync([file])).Single();
        Assert.True(result.Status.HasValue, result.Error);
        return result.Status.Value;
    }

    private sealed class FailingHandler(string failure) : IDicomStorageHandler
    {
        public string? SeenPath { get; private set; }

        public ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
        {
            SeenPath = instance.TempFilePath;
            return failure switch
            {
                "disk-full" => throw new IOException("No space left on device", 28),
                "invalid-data" => throw new InvalidDataException("not an image"),
                _ => throw new InvalidOperationException("database locked"),
            };
        }
    }
}
