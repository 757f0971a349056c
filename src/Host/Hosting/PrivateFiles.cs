using System.Runtime.InteropServices;

namespace RadCnn.Host.Hosting;

/// <summary>
/// Patient data at rest is for the service user only: the spool, reports, outbox and database are
/// created 0600 in 0700 folders (umask 077 for the whole process, so files the listener, SQLite and
/// plugins create are covered too), and an existing data directory is closed to other users.
/// </summary>
internal static class PrivateFiles
{
    private const int OwnerOnlyMask = 0x3F; // 077: no bits for group and others

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Sets the process umask to 077.</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(OwnerOnlyMask);
        }
    }

    /// <summary>Creates <paramref name="dataDirectory"/> if needed and makes it and its first-level folders 0700 (files below an 0700 folder are out of other users' reach whatever their own mode).</summary>
    public static void CloseDataDirectory(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, OwnerOnlyDirectory);
        foreach (var folder in Directory.EnumerateDirectories(dataDirectory))
        {
            if (new DirectoryInfo(folder).LinkTarget is null)
            {
                File.SetUnixFileMode(folder, OwnerOnlyDirectory);
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> (and its parents) with the new folder for the service user only.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Umask(int mask);
}
