using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Store;

public sealed class SpoolTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-spool");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Files_are_named_by_hash_and_replaced_whole()
    {
        var spool = new Spool(_dir.Combine("spool"));
        var path = await spool.WriteReportAsync("1.2.3.4", ".txt", new byte[] { 1, 2, 3 });
        var again = await spool.WriteReportAsync("1.2.3.4", ".txt", new byte[] { 4, 5 });

        Assert.Equal(path, again);
        Assert.DoesNotContain("1.2.3.4", path, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 4, 5 }, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.EnumerateFiles(spool.Root, "*" + DurableFile.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public void A_received_file_is_committed_by_rename_and_leftovers_are_removed()
    {
        var spool = new Spool(_dir.Combine("spool"));
        var received = Path.Combine(spool.Incoming, "x.dcm");
        File.WriteAllBytes(received, [9]);
        var path = spool.CommitReceived(received);
        Assert.False(File.Exists(received));
        Assert.Equal(spool.Received, Path.GetDirectoryName(path));
        Assert.NotEqual(path, spool.CommitReceived(WriteAndReturn(Path.Combine(spool.Incoming, "y.dcm"), [8])));
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));

        File.WriteAllBytes(Path.Combine(spool.Incoming, "half.dcm"), [1]);
        File.WriteAllBytes(DurableFile.TemporaryNameFor(spool.ReportPath("1.3", ".txt")), [1]);
        Assert.Equal(2, spool.RemoveLeftovers());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_failed_write_leaves_no_temporary_file()
    {
        var spool = new Spool(_dir.Combine("spool"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DurableFile.WriteAsync(spool.ReportPath("9", ".txt"), new MemoryStream(new byte[1 << 20]), cts.Token));
        Assert.Empty(Directory.EnumerateFiles(spool.Root, "*", SearchOption.AllDirectories));
    }

    private static string WriteAndReturn(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        return path;
    }
}
