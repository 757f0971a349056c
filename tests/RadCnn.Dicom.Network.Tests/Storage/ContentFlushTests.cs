using System.Runtime.InteropServices;
using RadCnn.Dicom.Network.Storage;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Storage;

public sealed class ContentFlushTests
{
    private const int EIo = 5;
    private const int ENoSys = 38;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Files_written_while_a_syncfs_runs_share_the_next_one()
    {
        using var temp = new TempDirectory("radcnn-flush");
        using var firstEntered = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var syncFsCalls = 0;
        // The real syncfs, held back the first time so that the other files queue behind it.
        using var flush = ContentFlush.Open(ContentFlushMode.FileSystem, temp.Path, fd =>
        {
            Interlocked.Increment(ref syncFsCalls);
            Hold(firstEntered, releaseFirst);
            return NativeMethods.SyncFs(fd);
        });
        var files = Enumerable.Range(0, 6).Select(i => Written(temp.Path, i)).ToList();
        try
        {
            Assert.Equal(ContentFlushMode.FileSystem, flush.Mode);
            var first = Task.Run(() => flush.FlushAsync(files[0]));
            Assert.True(firstEntered.Wait(Patience));
            var later = files.Skip(1).Select(flush.FlushAsync).ToList();
            Assert.All(later, waiter => Assert.False(waiter.IsCompleted));
            releaseFirst.Set();
            await first.WaitAsync(Patience);
            await Task.WhenAll(later).WaitAsync(Patience);

            // Six files made durable by two syncfs calls; none needed an fsync of its own.
            Assert.Equal(2, syncFsCalls);
            Assert.Equal(2, flush.GroupFlushCount);
            Assert.Equal(0, flush.FallbackCount);
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_failed_syncfs_sends_every_file_it_covered_to_an_fsync_of_its_own()
    {
        using var temp = new TempDirectory("radcnn-flush");
        using var firstEntered = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var calls = 0;
        using var flush = ContentFlush.Open(ContentFlushMode.FileSystem, temp.Path, fd =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                Hold(firstEntered, releaseFirst);
                return NativeMethods.SyncFs(fd);
            }

            // A write-out error somewhere on the file system (EIO): not known to be these files'.
            Marshal.SetLastPInvokeError(EIo);
            return -1;
        });
        var files = Enumerable.Range(0, 5).Select(i => Written(temp.Path, i)).ToList();
        try
        {
            var first = Task.Run(() => flush.FlushAsync(files[0]));
            Assert.True(firstEntered.Wait(Patience));
            var covered = files.Skip(1).Select(flush.FlushAsync).ToList();
            releaseFirst.Set();
            await first.WaitAsync(Patience);
            // Each of the four covered by the failed syncfs fsync'd its own file (which succeeded here);
            // none was released on the strength of the failed flush alone.
            await Task.WhenAll(covered).WaitAsync(Patience);
            Assert.Equal(4, flush.FallbackCount);
            Assert.Equal(ContentFlushMode.FileSystem, flush.Mode);
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Where_syncfs_is_missing_every_file_is_fsynced_on_its_own_from_then_on()
    {
        using var temp = new TempDirectory("radcnn-flush");
        var calls = 0;
        using var flush = ContentFlush.Open(ContentFlushMode.FileSystem, temp.Path, _ =>
        {
            Interlocked.Increment(ref calls);
            Marshal.SetLastPInvokeError(ENoSys);
            return -1;
        });
        using var a = Written(temp.Path, 0);
        using var b = Written(temp.Path, 1);

        await flush.FlushAsync(a).WaitAsync(Patience);
        await flush.FlushAsync(b).WaitAsync(Patience);

        Assert.Equal(ContentFlushMode.PerFile, flush.Mode);
        Assert.Equal(1, calls);
        Assert.Equal(1, flush.FallbackCount);
    }

    [Fact]
    public async Task Each_file_is_fsynced_on_its_own_in_the_per_file_mode()
    {
        using var temp = new TempDirectory("radcnn-flush");
        using var flush = ContentFlush.Open(ContentFlushMode.PerFile, temp.Path, _ => throw new InvalidOperationException("no syncfs in this mode"));
        using var good = Written(temp.Path, 0);
        using var closed = Written(temp.Path, 1);
        closed.Close();

        await flush.FlushAsync(good).WaitAsync(Patience);
        // Its own error to its own caller (here: a handle already closed).
        await Assert.ThrowsAsync<ObjectDisposedException>(() => flush.FlushAsync(closed));
        Assert.Equal(0, flush.GroupFlushCount);
    }

    [Fact]
    public void The_file_system_mode_needs_its_directory_at_start()
    {
        using var temp = new TempDirectory("radcnn-flush");

        Assert.Throws<IOException>(() => ContentFlush.Open(ContentFlushMode.FileSystem, temp.Combine("missing")));
    }

    private static void Hold(ManualResetEventSlim entered, ManualResetEventSlim release)
    {
        if (!entered.IsSet)
        {
            entered.Set();
            Assert.True(release.Wait(Patience));
        }
    }

    private static IncomingInstanceFile Written(string directory, int seed)
    {
        var file = IncomingInstanceFile.Create(directory, stayInPlace: true);
        var data = new byte[256 * 1024];
        new Random(seed).NextBytes(data);
        file.Append(data);
        file.EndOfData();
        return file;
    }
}
