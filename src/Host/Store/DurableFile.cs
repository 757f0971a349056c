
namespace RadCnn.Host.Store;

/// <summary>
/// Writes that survive a crash or power loss whole or not at all: write to a temporary name in the
/// same directory, fsync the file, rename it over the final name, fsync the directory (so the rename
/// itself is durable). A reader never sees a half-written file under the final name.
/// </summary>
internal static class DurableFile
{
    public const string TemporarySuffix = ".partial";

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var temp = TemporaryNameFor(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = TemporaryNameFor(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Renames a complete file or directory into place and makes the rename durable.</summary>
    public static void Commit(string temporaryPath, string path)
    {
        if (Directory.Exists(temporaryPath))
        {
            Directory.Move(temporaryPath, path);
        }
        else
        {
            File.Move(temporaryPath, path, overwrite: true);
        }

        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static string TemporaryNameFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");

    /// <summary>
    /// fsync of a directory (the network layer's, which goes to libc: .NET has no API for it), shared
    /// with every other caller that changed the directory before it began (group fsync).
    /// </summary>
    public static void SyncDirectory(string directory) => RadCnn.Dicom.Network.Storage.DirectorySync.For(directory).Sync();

    /// <summary>Deletes a file or a folder with all it holds; false when that failed (still in use, not ours), which is left for a later try.</summary>
    public static bool TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
