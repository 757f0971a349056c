using System.Security.Cryptography;
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
    private const string Prefix = ".incoming-";

    private SafeFileHandle? _handle;
    private long _offset;
    private long _writebackRequested;
    private readonly long _writeBehindBytes;
    private IncrementalHash? _sha256;
    private bool _kept;

    private IncomingInstanceFile(string path, SafeFileHandle handle, bool hash, long writeBehindBytes)
    {
        Path = path;
        _handle = handle;
        _writeBehindBytes = writeBehindBytes;
        _sha256 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public string Path { get; }

    /// <summary>True once the file's directory entry is known durable (see <see cref="DirectorySync"/>).</summary>
    public bool EntryDurable { get; set; }

    public long Length => _offset;

    /// <summary>Write-outs started so far (each one a submission to the block device).</summary>
    public int WritebackRequests { get; private set; }

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
    /// <param name="directory">Where to create it.</param>
    /// <param name="stayInPlace">
    /// The file may become the durable copy where it lies (see <see cref="Listener.DicomListenerOptions.FilesStayInPlace"/>):
    /// named without the temporary prefix, its SHA-256 computed while it is written.
    /// </param>
    /// <param name="writeBehindBytes">
    /// Dirty bytes after which the kernel is asked to start writing them out while the rest arrives
    /// (see <see cref="Listener.DicomListenerOptions.WriteBehindBytes"/>); 0: only at <see cref="EndOfData"/>.
    /// </param>
    public static IncomingInstanceFile Create(string directory, bool stayInPlace = false, long writeBehindBytes = Listener.DicomListenerOptions.DefaultWriteBehindBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writeBehindBytes);
        var path = System.IO.Path.Combine(directory, stayInPlace ? $"{Guid.NewGuid():N}.dcm" : $"{Prefix}{Guid.NewGuid():N}.dcm");
        return new IncomingInstanceFile(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read), stayInPlace, writeBehindBytes);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var handle = OpenHandle;
        RandomAccess.Write(handle, data, _offset);
        _offset += data.Length;
        // Hashed while the bytes are still in the CPU's cache: no second pass over the file.
        _sha256?.AppendData(data);
        if (_writeBehindBytes > 0 && _offset - _writebackRequested >= _writeBehindBytes)
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

    /// <summary>SHA-256 of everything appended (lower-case hex); null unless created to stay in place.</summary>
    public string? ContentSha256()
    {
        if (_sha256 is null)
        {
            return null;
        }

        var hash = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        _sha256.Dispose();
        _sha256 = null;
        return hash;
    }

    /// <summary>The handler kept the file where it lies: disposing no longer deletes it.</summary>
    public void Keep() => _kept = true;

    /// <summary>Closes the file; it stays on disk for the handler.</summary>
    public void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        Close();
        _sha256?.Dispose();
        _sha256 = null;
        if (_kept)
        {
            return;
        }

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
        WritebackRequests++;
    }
}
