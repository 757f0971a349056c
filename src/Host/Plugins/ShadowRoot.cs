using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RadCnn.Host.Store;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The folder that holds each loaded plugin version's private copy, and the clean-up of copies that
/// earlier runs left there. A clean stop deletes its own copies; a run that ends without its
/// clean-up (SIGKILL, the OOM killer, a power cut) cannot, and a service restarted after each such
/// end would otherwise keep a copy of every plugin, model weights included, per crash.
/// </summary>
/// <remarks>
/// The default root is a fresh folder in the temp directory named after the process
/// (<c>radcnn-plugins-PID-GUID</c>), so a later run can tell whether its owner still runs. A
/// configured root may be shared with other things (an operator may point it at a folder that holds
/// more), so only folders named like a copy (<c>ID-VERSION-GUID</c>) are ever deleted from it, and the
/// folder itself only when that leaves it empty.
/// </remarks>
internal sealed partial class ShadowRoot
{
    private const string DefaultPrefix = "radcnn-plugins-";

    private ShadowRoot(string path, bool owned)
    {
        Path = System.IO.Path.GetFullPath(path);
        Owned = owned;
    }

    public string Path { get; }

    /// <summary>True for the default root: this process created it and deletes it whole when it stops.</summary>
    public bool Owned { get; }

    /// <summary>The configured root, or a fresh default one in <paramref name="tempDirectory"/>.</summary>
    public static ShadowRoot For(string? configured, string tempDirectory) =>
        string.IsNullOrWhiteSpace(configured)
            ? new ShadowRoot(System.IO.Path.Combine(tempDirectory, $"{DefaultPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"), owned: true)
            : new ShadowRoot(configured, owned: false);

    /// <summary>A new, unique folder for one loaded version's copy.</summary>
    public string NewCopyPath(string pluginId, string version) =>
        System.IO.Path.Combine(Path, $"{pluginId}-{version}-{Guid.NewGuid():N}");

    /// <summary>
    /// Deletes what earlier runs left and returns how many folders went: for the default root, the
    /// other default roots in its temp directory whose process no longer runs (one that runs, whatever
    /// it is now, is left alone); for a configured root, the copies in it (the catalog that uses a
    /// configured root is its only user, and it has not loaded anything yet).
    /// </summary>
    public int RemoveLeftovers()
    {
        if (!Owned)
        {
            return RemoveCopies();
        }

        var parent = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(parent, DefaultPrefix + "*"))
        {
            var match = DefaultRootName().Match(System.IO.Path.GetFileName(folder));
            if (match.Success
                && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && !IsRunning(pid)
                && DurableFile.TryDelete(folder))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>At the catalog's stop, after every version was unloaded: the default root whole; from a configured one, the copies, then the folder if nothing else is in it.</summary>
    public void RemoveAtStop()
    {
        if (Owned)
        {
            DurableFile.TryDelete(Path);
            return;
        }

        RemoveCopies();
        try
        {
            if (Directory.Exists(Path) && !Directory.EnumerateFileSystemEntries(Path).Any())
            {
                Directory.Delete(Path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private int RemoveCopies()
    {
        if (!Directory.Exists(Path))
        {
            return 0;
        }

        return Directory.EnumerateDirectories(Path)
            .Where(folder => CopyName().IsMatch(System.IO.Path.GetFileName(folder)))
            .ToList()
            .Count(DurableFile.TryDelete);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^radcnn-plugins-([0-9]+)-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultRootName();

    [GeneratedRegex("^.+-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex CopyName();
}
