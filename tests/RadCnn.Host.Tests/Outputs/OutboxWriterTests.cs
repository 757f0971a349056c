using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Outputs;

public sealed class OutboxWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-outbox");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_job_folder_appears_whole_and_a_second_attempt_replaces_it()
    {
        var outbox = new OutboxWriter(_dir.Combine("outbox"));
        var first = await outbox.WriteAsync(7, [new OutboxFile("result.json", "{\"a\":1}"u8.ToArray()), new OutboxFile("dicom/x.dcm", new byte[] { 1 })], default);
        var second = await outbox.WriteAsync(7, [new OutboxFile("result.json", "{\"a\":2}"u8.ToArray())], default);

        Assert.Equal(first, second);
        Assert.Equal("{\"a\":2}", await File.ReadAllTextAsync(Path.Combine(second, "result.json")));
        Assert.False(Directory.Exists(Path.Combine(second, "dicom")));
        Assert.Equal([second], Directory.GetDirectories(outbox.Root));
    }

    [Fact]
    public async Task A_name_leaving_the_folder_fails_the_write_and_leaves_nothing()
    {
        var outbox = new OutboxWriter(_dir.Combine("outbox"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.WriteAsync(8, [new OutboxFile("../escape.txt", new byte[] { 1 })], default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outbox.Root));
    }

    [Fact]
    public void Temporary_folders_a_crash_left_are_removed_and_complete_ones_kept()
    {
        var outbox = new OutboxWriter(_dir.Combine("outbox"));
        Directory.CreateDirectory(DurableFile.TemporaryNameFor(outbox.PathFor(9)));
        Directory.CreateDirectory(outbox.PathFor(10));
        Assert.Equal(1, outbox.RemoveLeftovers());
        Assert.Equal([outbox.PathFor(10)], Directory.GetDirectories(outbox.Root));
    }
}
