using System.Collections.Concurrent;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Group fsync of one directory: a caller that has just created or renamed an entry in it waits for
/// an fsync that began after its change; callers arriving while one runs share the next one. With
/// concurrent associations publishing into the same directory, one fsync covers them all. A failed
/// fsync throws to the caller that ran it; the others run the next one themselves and meet the
/// error (or a success) on their own.
/// </summary>
public sealed class DirectorySync
{
    private static readonly ConcurrentDictionary<string, DirectorySync> Shared = new(StringComparer.Ordinal);

    private readonly Lock _syncing = new();
    private long _requested;
    private long _covered;

    private DirectorySync(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Directories remembered at most; past that the table starts afresh (see <see cref="For"/>).</summary>
    private const int MaxRemembered = 4096;

    /// <summary>
    /// The one instance per directory in this process, so that every writer into it shares the fsyncs.
    /// Callers that sync many one-off directories (a result folder per job) would grow the table
    /// without end, so it is emptied when it gets large: an fsync under way keeps its instance, and
    /// two instances for one directory only cost an fsync that could have been shared.
    /// </summary>
    public static DirectorySync For(string directory)
    {
        if (Shared.Count > MaxRemembered)
        {
            Shared.Clear();
        }

        return Shared.GetOrAdd(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)), d => new DirectorySync(d));
    }

    /// <summary>How many fsyncs this instance has run (group commit at work when fewer than the callers).</summary>
    public long SyncCount { get; private set; }

    /// <summary>Returns once every change made in the directory before this call is durable.</summary>
    public void Sync()
    {
        var ticket = Interlocked.Increment(ref _requested);
        lock (_syncing)
        {
            if (Volatile.Read(ref _covered) >= ticket)
            {
                return;
            }

            // Every ticket taken so far belongs to a change made before this fsync starts.
            var upTo = Volatile.Read(ref _requested);
            DurableFile.SyncDirectory(Directory);
            SyncCount++;
            Volatile.Write(ref _covered, upTo);
        }
    }
}
