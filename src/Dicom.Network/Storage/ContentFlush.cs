using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Makes received files' content durable for one listener, in its <see cref="ContentFlushMode"/>.
/// In <see cref="ContentFlushMode.FileSystem"/> concurrent associations share each flush (one
/// <c>syncfs</c> for every file written before it began, see <see cref="GroupFlush{T}"/>) instead of
/// one fsync each. Whatever the mode, a caller is released only by a flush that began after its
/// file's last byte was written, and an error reaches every caller whose file it concerns.
/// </summary>
internal sealed class ContentFlush : IDisposable
{
    private const int ENoSys = 38;
    private const int EInval = 22;
    private const int EBadF = 9;
    private const int OpenReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)

    private readonly GroupFlush<IncomingInstanceFile>? _group;
    private readonly Func<int, int> _syncFs;
    private SafeFileHandle? _fileSystem;

    private ContentFlush(ContentFlushMode mode, SafeFileHandle? fileSystem, Func<int, int> syncFs)
    {
        _fileSystem = fileSystem;
        _syncFs = syncFs;
        _mode = mode;
        _group = mode == ContentFlushMode.FileSystem ? new GroupFlush<IncomingInstanceFile>(_ => SyncFileSystem()) : null;
    }

    /// <summary>The mode in force: <see cref="ContentFlushMode.PerFile"/> where the one asked for cannot run here.</summary>
    public ContentFlushMode Mode => _mode;

    // Set once to PerFile from the flushing thread where syncfs turns out unsupported; read by every caller.
    private volatile ContentFlushMode _mode;

    /// <summary>Shared flushes run so far (none in <see cref="ContentFlushMode.PerFile"/>).</summary>
    public long GroupFlushCount => _group?.FlushCount ?? 0;

    /// <summary>Files flushed on their own after a <c>syncfs</c> failed (or where it is missing).</summary>
    public long FallbackCount => Interlocked.Read(ref _fallbacks);

    private long _fallbacks;

    /// <summary>
    /// The flush for files created in <paramref name="directory"/> (which exists). For
    /// <see cref="ContentFlushMode.FileSystem"/> the directory is opened now, before any file is
    /// written: <c>syncfs</c> reports the writeback errors seen since its descriptor was opened, so
    /// one opened later could miss an error in data written before. Not on Linux the mode falls back
    /// to <see cref="ContentFlushMode.PerFile"/>; a directory that cannot be opened is an error.
    /// </summary>
    public static ContentFlush Open(ContentFlushMode mode, string directory) =>
        Open(mode, directory, NativeMethods.SyncFs);

    /// <summary>As <see cref="Open(ContentFlushMode, string)"/>, with the <c>syncfs</c> call given (tests make it fail).</summary>
    internal static ContentFlush Open(ContentFlushMode mode, string directory, Func<int, int> syncFs)
    {
        if (mode != ContentFlushMode.FileSystem)
        {
            return new ContentFlush(mode, null, syncFs);
        }

        if (!OperatingSystem.IsLinux())
        {
            return new ContentFlush(ContentFlushMode.PerFile, null, syncFs);
        }

        var fd = NativeMethods.Open(directory, OpenReadOnlyDirectory);
        if (fd < 0)
        {
            throw new IOException($"cannot open {directory} to sync its file system (errno {Marshal.GetLastPInvokeError()})");
        }

        return new ContentFlush(mode, new SafeFileHandle(fd, ownsHandle: true), syncFs);
    }

    /// <summary>
    /// Completes once everything written to <paramref name="file"/> before this call is durable; an
    /// <see cref="IOException"/> when it cannot be made so (a full disk met by delayed allocation, a
    /// failed write-out). The file must stay open until then.
    /// </summary>
    public async Task FlushAsync(IncomingInstanceFile file)
    {
        if (_group is null || Mode == ContentFlushMode.PerFile)
        {
            file.FlushToDisk();
            return;
        }

        try
        {
            await _group.FlushAsync(file).ConfigureAwait(false);
        }
        catch (FileSystemSyncFailed)
        {
            // The error may be any file's on that file system; this file's own fsync reports this
            // file's (its handle, open since before the first write, has seen none reported yet).
            Interlocked.Increment(ref _fallbacks);
            file.FlushToDisk();
        }
    }

    /// <summary>Leader of a <see cref="ContentFlushMode.FileSystem"/> group: one syncfs covers every member's file.</summary>
    private void SyncFileSystem()
    {
        var handle = _fileSystem;
        if (handle is null || Mode != ContentFlushMode.FileSystem)
        {
            throw new FileSystemSyncFailed("syncfs is not in use");
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (_syncFs((int)handle.DangerousGetHandle()) == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoSys or EInval or EBadF)
            {
                // Not a failed write-out: this system cannot syncfs. Every caller from now on fsyncs its own file.
                _mode = ContentFlushMode.PerFile;
            }

            throw new FileSystemSyncFailed($"syncfs failed (errno {errno})");
        }
        catch (EntryPointNotFoundException)
        {
            _mode = ContentFlushMode.PerFile;
            throw new FileSystemSyncFailed("syncfs is not in this C library");
        }
        catch (ObjectDisposedException)
        {
            throw new FileSystemSyncFailed("the listener is stopping");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        _fileSystem?.Dispose();
        _fileSystem = null;
    }

    /// <summary>A syncfs that did not succeed: its callers fsync their own files instead.</summary>
    private sealed class FileSystemSyncFailed(string message) : IOException(message);
}
