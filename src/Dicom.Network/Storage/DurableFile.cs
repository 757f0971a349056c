using System.Runtime.InteropServices;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Makes a finished file durable under its final name: fsync the data, rename over the final path
/// (atomic on POSIX), then fsync the directory so the new name survives a power cut too.
/// <see cref="Publish"/> does the last two steps for a file whose content is already fsync'd (every
/// file the listener hands to a storage handler).
/// </summary>
public static class DurableFile
{
    private const int ReadOnly = 0;

    public static async Task CommitAsync(string tempPath, string finalPath, CancellationToken cancellationToken = default)
    {
        await Task.Run(() => Commit(tempPath, finalPath), cancellationToken).ConfigureAwait(false);
    }

    public static void Commit(string tempPath, string finalPath)
    {
        using (var handle = File.OpenHandle(tempPath, FileMode.Open, FileAccess.ReadWrite))
        {
            using var stream = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
            stream.Flush(flushToDisk: true);
        }

        Publish(tempPath, finalPath);
    }

    /// <summary>Renames a file whose content is already on disk over <paramref name="finalPath"/> and fsyncs the directory.</summary>
    public static void Publish(string syncedPath, string finalPath)
    {
        File.Move(syncedPath, finalPath, overwrite: true);
        // Shared with every other rename into the same directory meanwhile (concurrent associations).
        DirectorySync.For(Path.GetDirectoryName(Path.GetFullPath(finalPath))!).Sync();
    }

    /// <summary>fsync on a directory: .NET cannot open directories as files, so this goes to libc directly.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = NativeMethods.Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }
}
