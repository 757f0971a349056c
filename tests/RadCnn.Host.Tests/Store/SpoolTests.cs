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
        var path = await spool.WriteInstanceAsync("1.2.3.4", new byte[] { 1, 2, 3 });
        var again = await spool.WriteInstanceAsync("1.2.3.4", new byte[] { 4, 5 });

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
        var path = spool.CommitInstance("1.2", received);
        Assert.False(File.Exists(received));
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));

        File.WriteAllBytes(Path.Combine(spool.Incoming, "half.dcm"), [1]);
        File.WriteAllBytes(DurableFile.TemporaryNameFor(spool.InstancePath("1.3")), [1]);
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
            DurableFile.WriteAsync(spool.InstancePath("9"), new MemoryStream(new byte[1 << 20]), cts.Token));
        Assert.Empty(Directory.EnumerateFiles(spool.Root, "*", SearchOption.AllDirectories));
    }
}
