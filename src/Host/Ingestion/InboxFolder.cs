using RadCnn.Host.Hosting;
using System.Text;
using Microsoft.Extensions.Logging;
using RadCnn.Host.Store;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// A watched folder: lists candidate files (recursively, skipping rejected/ and hidden temporary
/// files), moves refused files to rejected/ with a reason file, and tidies emptied subfolders.
/// </summary>
/// <remarks>
/// Hostile entries are normal here: links (to folders or files) are never followed, and FIFOs,
/// sockets and devices are never opened, so the inbox cannot be steered to read, move or delete
/// anything outside itself, nor stalled by an open that waits for a writer. Such entries and names
/// that are not valid UTF-8 are left in place and logged once each, without their names.
/// </remarks>
internal sealed class InboxFolder
{
    public const string RejectedFolder = "rejected";

    private readonly ILogger? _log;
    private readonly string _label;
    private HashSet<string> _skipped = new(StringComparer.Ordinal);

    public InboxFolder(string root, ILogger? log = null, string label = "inbox")
    {
        Root = Path.GetFullPath(root);
        Rejected = Path.Combine(Root, RejectedFolder);
        Directory.CreateDirectory(Root);
        _log = log;
        _label = label;
    }

    public string Root { get; }

    public string Rejected { get; }

    /// <summary>Entries left in place at the last listing (links, FIFOs, devices, undecodable names).</summary>
    public int SkippedCount => _skipped.Count;

    /// <summary>The regular files under the folder, reached through real folders only.</summary>
    public IEnumerable<string> Files()
    {
        var files = new List<string>();
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        Walk(Root, files, skipped);
        _skipped = skipped;
        return files;
    }

    private void Walk(string directory, List<string> files, HashSet<string> skipped)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 }).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // Names .NET cannot use again (undecodable bytes became U+FFFD): the regular files among them are moved by their raw bytes.
        var undecodable = entries.Count(e => Path.GetFileName(e).Contains('\uFFFD', StringComparison.Ordinal));
        var leftInPlace = undecodable > 0 ? undecodable - RejectUndecodable(directory) : 0;
        foreach (var entry in entries.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.') || (directory == Root && name == RejectedFolder))
            {
                continue;
            }

            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                if (leftInPlace-- > 0)
                {
                    Skip(entry, skipped, "a name that is not valid UTF-8 and not a regular file (left in place; rename it)");
                }

                continue;
            }

            switch (UnixFile.Kind(entry))
            {
                case UnixFileKind.Directory:
                    Walk(entry, files, skipped);
                    break;
                case UnixFileKind.Regular:
                    files.Add(entry);
                    break;
                case UnixFileKind.SymbolicLink:
                    Skip(entry, skipped, "a symbolic link (links are never followed; copy the file in instead)");
                    break;
                case UnixFileKind.Special:
                    Skip(entry, skipped, "a FIFO, socket or device (never opened)");
                    break;
            }
        }
    }

    private int RejectUndecodable(string directory)
    {
        if (UnixFile.Kind(directory) != UnixFileKind.Directory || IsUnderRejected(directory))
        {
            return 0;
        }

        var target = Path.Combine(Rejected, Path.GetRelativePath(Root, directory));
        CreateOwnDirectory(target);
        var moved = UndecodableNames.MoveRegularFiles(directory, target);
        foreach (var file in moved)
        {
            using (var stream = new FileStream(file + ".reason.txt", FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write("a file name that is not valid UTF-8: renamed on the way here; give it a UTF-8 name and copy it back to ingest it\n"u8);
            }

            if (_log is not null)
            {
                IngestionLog.Skipped(_log, _label, "a name that is not valid UTF-8 (moved to rejected/ under a new name)");
            }
        }

        return moved.Count;
    }

    private bool IsUnderRejected(string directory) =>
        directory == Rejected || directory.StartsWith(Rejected + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private void Skip(string entry, HashSet<string> skipped, string reason)
    {
        skipped.Add(entry);
        if (!_skipped.Contains(entry) && _log is not null)
        {
            IngestionLog.Skipped(_log, _label, reason);
        }
    }

    /// <summary>Moves <paramref name="file"/> under rejected/ (same relative path) and writes "&lt;name&gt;.reason.txt" beside it.</summary>
    /// <exception cref="IOException">The file or a folder on its way is not the inbox's own any more (a link swapped in); nothing was moved.</exception>
    public string Reject(string file, string reason)
    {
        EnsureOwned(file);
        var relative = Path.GetRelativePath(Root, file);
        var target = Path.Combine(Rejected, relative);
        CreateOwnDirectory(Path.GetDirectoryName(target)!);
        if (UnixFile.Kind(target) != UnixFileKind.Missing || UnixFile.Kind(target + ".reason.txt") != UnixFileKind.Missing)
        {
            target = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)}-{Guid.NewGuid():N}{Path.GetExtension(target)}");
        }

        File.Move(file, target); // rename(2): moves the entry itself, never what a link points to
        // CreateNew (O_EXCL): a link planted under the reason's name is not followed and overwritten.
        using (var stream = new FileStream(target + ".reason.txt", FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(reason + Environment.NewLine));
        }

        DurableFile.SyncDirectory(Path.GetDirectoryName(target)!);
        RemoveEmptyParents(file);
        return target;
    }

    /// <summary>Removes a file that is now durable elsewhere, and its subfolder once empty.</summary>
    /// <exception cref="IOException">The file or a folder on its way is not the inbox's own any more; nothing was deleted.</exception>
    public void Remove(string file)
    {
        EnsureOwned(file);
        File.Delete(file); // unlink(2) of the entry itself
        RemoveEmptyParents(file);
    }

    /// <summary>The file is a regular file reached from the root through real folders only (checked again just before acting).</summary>
    private void EnsureOwned(string file)
    {
        var full = Path.GetFullPath(file);
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new IOException("the file is not under the inbox");
        }

        for (var directory = Path.GetDirectoryName(full); directory is not null && directory.Length > Root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (UnixFile.Kind(directory) != UnixFileKind.Directory)
            {
                throw new IOException("a folder on the file's path is no longer a real folder of the inbox; left alone");
            }
        }

        if (UnixFile.Kind(full) is not (UnixFileKind.Regular or UnixFileKind.Missing))
        {
            throw new IOException("the entry is no longer a regular file; left alone");
        }
    }

    private void CreateOwnDirectory(string directory)
    {
        // Every folder from the root down must be a real one: a link planted as rejected/ (or below) is not used.
        var relative = Path.GetRelativePath(Root, directory);
        var current = Root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            switch (UnixFile.Kind(current))
            {
                case UnixFileKind.Missing:
                    Directory.CreateDirectory(current);
                    break;
                case UnixFileKind.Directory:
                    break;
                default:
                    throw new IOException("a folder under rejected/ is not a real folder of the inbox; nothing was moved");
            }
        }
    }

    private void RemoveEmptyParents(string file)
    {
        var directory = Path.GetDirectoryName(file);
        while (directory is not null && directory.Length > Root.Length && directory.StartsWith(Root, StringComparison.Ordinal))
        {
            try
            {
                if (UnixFile.Kind(directory) != UnixFileKind.Directory || Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    return;
                }

                Directory.Delete(directory);
            }
            catch (IOException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory);
        }
    }
}
