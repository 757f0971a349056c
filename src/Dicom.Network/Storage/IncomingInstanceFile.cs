using Microsoft.Win32.SafeHandles;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// A received instance being written to a temporary file fragment by fragment, so that memory per
/// association stays bounded by the PDU size. One handle serves the writes, the kernel write-out
/// started while the data arrives and the final fsync. Deleted on dispose unless the handler took
/// it away.
/// </summary>
internal sealed class IncomingInstanceFile : IDisposable
{
    /// <summary>Dirty bytes after which the kernel is asked to start writing them out (see <see cref="Append"/>).</summary>
    private const long WritebackChunk = 128 * 1024;

    private const string Prefix = ".incoming-";

    private SafeFileHandle? _handle;
    private long _offset;
    private long _writebackRequested;

    private IncomingInstanceFile(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    public long Length => _offset;

    /// <summary>
    /// Deletes what a crashed process left behind (never acknowledged, so the senders will send
    /// again). Only files untouched since <paramref name="olderThan"/>: another listener sharing the
    /// directory may be writing the recent ones.
    /// </summary>
    public static int SweepLeftovers(string directory, DateTimeOffset olderThan)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(directory, Prefix + "*"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(path) >= olderThan.UtcDateTime)
                {
                    continue;
                }

                File.Delete(path);
                deleted++;
            }
            catch (IOException)
            {
            }
        }

        return deleted;
    }

    /// <summary>
    /// An empty temporary file, ready for the next instance. Creating a file (a new inode) is the
    /// costliest step before the first fragment can be written, so the listener creates the next
    /// one while the peer is still reading the previous response.
    /// </summary>
    public static IncomingInstanceFile Create(string directory)
    {
        var path = System.IO.Path.Combine(directory, $"{Prefix}{Guid.NewGuid():N}.dcm");
        return new IncomingInstanceFile(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var handle = OpenHandle;
        RandomAccess.Write(handle, data, _offset);
        _offset += data.Length;
        if (_offset - _writebackRequested >= WritebackChunk)
        {
            StartWriteback(handle);
        }
    }

    /// <summary>The last fragment arrived: start writing out the tail while the caller validates.</summary>
    public void EndOfData()
    {
        if (_offset > _writebackRequested)
        {
            StartWriteback(OpenHandle);
        }
    }

    /// <summary>
    /// fsync: the content and the file's size are on disk when this returns. The write-out started
    /// during reception leaves it only the last fragment to wait for.
    /// </summary>
    public void FlushToDisk() => RandomAccess.FlushToDisk(OpenHandle);

    /// <summary>Closes the file; it stays on disk for the handler.</summary>
    public void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        Close();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: a temp file that cannot be deleted now is a leak the next start sweeps.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private SafeFileHandle OpenHandle => _handle ?? throw new ObjectDisposedException(Path);

    /// <summary>
    /// Starts (without waiting for) the write-out of what arrived since the last call, so the disk
    /// works while the network delivers.
    /// </summary>
    private void StartWriteback(SafeFileHandle handle)
    {
        WriteBehind.Start(handle, _writebackRequested, _offset - _writebackRequested);
        _writebackRequested = _offset;
    }
}
