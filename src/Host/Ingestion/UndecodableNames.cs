using System.Runtime.InteropServices;
using System.Text;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Files whose names are not valid UTF-8: .NET lists them with U+FFFD in place of the bad bytes and
/// cannot open or move them by that name. Here the folder is read with readdir(3), so the raw bytes
/// are known, and each such regular file is renamed (rename(2) of the entry itself) to an ASCII name
/// under rejected/; its old name is never decoded, logged or written.
/// </summary>
internal static class UndecodableNames
{
    private const byte RegularFileType = 8; // DT_REG
    private const int TypeOffset = 18; // struct dirent on 64-bit Linux: d_ino, d_off, d_reclen, d_type, d_name
    private const int NameOffset = 19;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Moves the regular files of <paramref name="directory"/> with undecodable names to <paramref name="targetDirectory"/>; the new paths.</summary>
    public static IReadOnlyList<string> MoveRegularFiles(string directory, string targetDirectory)
    {
        var moved = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return moved;
        }

        var names = new List<byte[]>();
        var handle = OpenDir(directory);
        if (handle == IntPtr.Zero)
        {
            return moved;
        }

        try
        {
            for (var entry = ReadDir(handle); entry != IntPtr.Zero; entry = ReadDir(handle))
            {
                if (Marshal.ReadByte(entry, TypeOffset) != RegularFileType)
                {
                    continue; // links, FIFOs, folders, and file systems that do not say: left in place
                }

                var name = ReadName(entry + NameOffset);
                if (!IsUtf8(name))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = CloseDir(handle);
        }

        foreach (var name in names)
        {
            Directory.CreateDirectory(targetDirectory);
            var target = Path.Combine(targetDirectory, $"undecodable-name-{Guid.NewGuid():N}");
            byte[] from = [.. Encoding.UTF8.GetBytes(directory.TrimEnd('/') + "/"), .. name, 0];
            byte[] to = [.. Encoding.UTF8.GetBytes(target), 0];
            if (Rename(from, to) == 0)
            {
                moved.Add(target);
            }
        }

        return moved;
    }

    private static byte[] ReadName(IntPtr start)
    {
        var length = 0;
        while (length < 256 && Marshal.ReadByte(start, length) != 0)
        {
            length++;
        }

        var bytes = new byte[length];
        Marshal.Copy(start, bytes, 0, length);
        return bytes;
    }

    private static bool IsUtf8(byte[] name)
    {
        try
        {
            _ = StrictUtf8.GetString(name);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr OpenDir([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr ReadDir(IntPtr directory);

    [DllImport("libc", EntryPoint = "closedir")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int CloseDir(IntPtr directory);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename(byte[] from, byte[] to);
}
