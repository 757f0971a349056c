using System.Text;
using RadCnn.Host.Store;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// A watched folder: lists candidate files (recursively, skipping rejected/ and hidden temporary
/// files), moves refused files to rejected/ with a reason file, and tidies emptied subfolders.
/// </summary>
internal sealed class InboxFolder
{
    public const string RejectedFolder = "rejected";

    public InboxFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Rejected = Path.Combine(Root, RejectedFolder);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Rejected { get; }

    public IEnumerable<string> Files()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        return Directory.EnumerateFiles(Root, "*", options)
            .Where(f => !f.StartsWith(Rejected + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !Path.GetFileName(f).StartsWith('.'));
    }

    /// <summary>Moves <paramref name="file"/> under rejected/ (same relative path) and writes "&lt;name&gt;.reason.txt" beside it.</summary>
    public string Reject(string file, string reason)
    {
        var relative = Path.GetRelativePath(Root, file);
        var target = Path.Combine(Rejected, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            target = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)}-{Guid.NewGuid():N}{Path.GetExtension(target)}");
        }

        File.Move(file, target);
        File.WriteAllText(target + ".reason.txt", reason + Environment.NewLine, Encoding.UTF8);
        DurableFile.SyncDirectory(Path.GetDirectoryName(target)!);
        RemoveEmptyParents(file);
        return target;
    }

    /// <summary>Removes a file that is now durable elsewhere, and its subfolder once empty.</summary>
    public void Remove(string file)
    {
        File.Delete(file);
        RemoveEmptyParents(file);
    }

    private void RemoveEmptyParents(string file)
    {
        var directory = Path.GetDirectoryName(file);
        while (directory is not null && directory.Length > Root.Length && directory.StartsWith(Root, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
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
