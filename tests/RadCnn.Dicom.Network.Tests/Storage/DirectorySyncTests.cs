using RadCnn.Dicom.Network.Storage;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Storage;

public sealed class DirectorySyncTests
{
    [Fact]
    public void A_failed_fsync_reaches_its_caller_and_does_not_count_as_covering_later_ones()
    {
        using var temp = new TempDirectory("radcnn-dirsync");
        var directory = temp.Combine("late");
        var sync = DirectorySync.For(directory);

        Assert.Throws<IOException>(sync.Sync);
        Assert.Equal(0, sync.SyncCount);

        Directory.CreateDirectory(directory);
        sync.Sync();
        Assert.Equal(1, sync.SyncCount);
        Assert.Same(sync, DirectorySync.For(directory + "/"));
    }

    [Fact]
    public async Task Concurrent_callers_all_return_once_an_fsync_that_began_after_their_change_has_ended()
    {
        using var temp = new TempDirectory("radcnn-dirsync");
        var sync = DirectorySync.For(temp.Path);
        var callers = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            File.WriteAllText(Path.Combine(temp.Path, $"{i}.dcm"), "x");
            sync.Sync();
        }));

        await Task.WhenAll(callers);

        // Each caller ran an fsync or found one that started after its ticket: never more fsyncs than callers.
        Assert.InRange(sync.SyncCount, 1, 16);
    }
}
