using Microsoft.Win32.SafeHandles;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// A received instance being written to a temporary file fragment by fragment, so that memory per
/// association stays bounded by the PDU size. Deleted on dispose unless the handler took it away.
/// </summary>
internal sealed class IncomingInstanceFile : IDisposable
{
    private SafeFileHandle? _handle;
    private long _offset;

    private IncomingInstanceFile(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    public long Length => _offset;

    private const string Prefix = ".incoming-";

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

    public static IncomingInstanceFile Create(string directory, byte[] fileMeta)
    {
        var path = System.IO.Path.Combine(directory, $"{Prefix}{Guid.NewGuid():N}.dcm");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var file = new IncomingInstanceFile(path, handle);
        try
        {
            file.Append(fileMeta);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return file;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_handle ?? throw new ObjectDisposedException(Path), data, _offset);
        _offset += data.Length;
    }

    /// <summary>Closes the file; it stays on disk for the handler.</summary>
    public void Complete()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        Complete();
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
}
