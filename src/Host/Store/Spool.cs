using System.Security.Cryptography;
using System.Text;

namespace RadCnn.Host.Store;

/// <summary>
/// The durable copy of every accepted instance and report, under the data directory's spool/.
/// Reports are named by a hash of their key (never by anything patient-related) and fanned out over
/// 256 subdirectories; instances by a random id in one flat folder (<see cref="Received"/>), so that
/// no write can overwrite a copy already stored under the same UID. A file is in the spool only once
/// it is fsync'd under its final name, so the store's row, committed after, never points at a partial
/// file. (instances/ holds the hash-named instances of data directories written before.)
/// </summary>
internal sealed class Spool
{
    public Spool(string root)
    {
        Root = Path.GetFullPath(root);
        Incoming = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(Incoming);
        Received = Path.Combine(Root, "received");
        Directory.CreateDirectory(Received);
        Directory.CreateDirectory(Path.Combine(Root, "instances"));
        Directory.CreateDirectory(Path.Combine(Root, "reports"));
    }

    public string Root { get; }

    /// <summary>Where receivers stream files before they are committed: same filesystem, so the commit is a rename.</summary>
    public string Incoming { get; }

    /// <summary>
    /// Where the DICOM listener streams instances that stay where they are received: the file the
    /// listener wrote and fsync'd is the spool's copy (no rename, no second write), named by a random
    /// id, and the row points at it. One flat directory, so that one directory fsync covers the new
    /// files of every concurrent association (see RadCnn.Dicom.Network.Storage.DirectorySync).
    /// A file here that no row names was never acknowledged (a crash before its commit) and is
    /// removed at the next start (<see cref="RemoveUnreferencedReceived"/>).
    /// </summary>
    public string Received { get; }

    /// <summary>
    /// A fresh, random name in <see cref="Received"/> for an instance that comes another way than the
    /// listener (a dropped file, STOW-RS): never the name of a stored copy, so writing it can never
    /// overwrite an instance already stored under the same UID (perhaps another patient's).
    /// </summary>
    public string NewReceivedPath() => Path.Combine(Received, $"{Guid.NewGuid():N}.dcm");

    public string ReportPath(string reportId, string extension) => Fanned("reports", reportId, extension);

    /// <summary>A fresh name under quarantine/ for an instance set aside (never the stored copy's name: the first one is kept).</summary>
    public string QuarantinePath(string sopInstanceUid)
    {
        var folder = Path.Combine(Root, "quarantine");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Hash(sopInstanceUid)[..32]}-{Guid.NewGuid():N}.dcm");
    }

    /// <summary>
    /// Moves a received file (under <see cref="Incoming"/> or a folder of the caller's on the same
    /// filesystem, content already fsync'd) to a fresh name in <see cref="Received"/> and makes the new
    /// name durable. Should the power go before the old name's removal reaches the disk, a copy left in
    /// <see cref="Incoming"/> is swept at the next start.
    /// </summary>
    public string CommitReceived(string receivedFile)
    {
        var path = NewReceivedPath();
        DurableFile.Commit(receivedFile, path);
        return path;
    }

    public async Task<string> WriteReportAsync(string reportId, string extension, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = ReportPath(reportId, extension);
        await DurableFile.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Removes temporary files a crash left behind: they were never acknowledged, so nothing refers to them.</summary>
    public int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*" + DurableFile.TemporarySuffix, SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Incoming)))
        {
            DurableFile.TryDelete(file);
            removed++;
        }

        return removed;
    }

    /// <summary>Deletes files in <see cref="Received"/> that no instance row names (received, never committed, never acknowledged).</summary>
    public int RemoveUnreferencedReceived(IReadOnlySet<string> referenced)
    {
        ArgumentNullException.ThrowIfNull(referenced);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Received))
        {
            if (!referenced.Contains(file) && DurableFile.TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private string Fanned(string kind, string key, string extension)
    {
        var hash = Hash(key);
        var directory = Path.Combine(Root, kind, hash[..2]);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, hash[..40] + extension);
    }
}
