using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RadCnn.Host.Hosting;

/// <summary>
/// What a directory entry is without following it (lstat), and opening a file for reading that
/// refuses links and never blocks (O_NOFOLLOW | O_NONBLOCK). .NET's own file APIs follow symbolic
/// links and open a FIFO blocking, which lets a dropped link or pipe steer or stall an inbox.
/// </summary>
internal static class UnixFile
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int LinkType = 0xA000;
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    // The runtime's own portable stat (libSystem.Native): Flags, then st_mode, st_uid, st_gid, size…
    // Mode is the second 32-bit field on every architecture; the buffer is larger than the struct.
    private const int StatBufferSize = 256;
    private const int ModeOffset = 4;

    /// <summary>The kind of <paramref name="path"/> itself (a link is a link, whatever it points to).</summary>
    public static UnixFileKind Kind(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var buffer = new byte[StatBufferSize];
        if (LStat(path, buffer) != 0)
        {
            return UnixFileKind.Missing;
        }

        return KindOf(BitConverter.ToInt32(buffer, ModeOffset));
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading when it is a regular file and not a link; a FIFO,
    /// device, socket or link (also one swapped in after a check) is refused with a reason.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a regular file.</exception>
    /// <exception cref="FileNotFoundException">Gone.</exception>
    public static FileStream OpenRegularForRead(string path, int bufferSize = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fd = Open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException("the file is gone"),
                40 => new InvalidDataException("a symbolic link: the inbox takes only regular files it owns"),
                _ => new IOException($"the file could not be opened (errno {errno})"),
            };
        }

        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            var buffer = new byte[StatBufferSize];
            if (FStat(handle, buffer) != 0)
            {
                throw new IOException($"the file could not be examined (errno {Marshal.GetLastPInvokeError()})");
            }

            var kind = KindOf(BitConverter.ToInt32(buffer, ModeOffset));
            if (kind != UnixFileKind.Regular)
            {
                throw new InvalidDataException($"not a regular file ({Describe(kind)})");
            }

            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Words for a log line or a reason.</summary>
    public static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.SymbolicLink => "a symbolic link",
        UnixFileKind.Special => "a FIFO, socket or device",
        UnixFileKind.Directory => "a folder",
        UnixFileKind.Missing => "gone",
        _ => "a regular file",
    };

    private static UnixFileKind KindOf(int mode) => (mode & TypeMask) switch
    {
        RegularType => UnixFileKind.Regular,
        DirectoryType => UnixFileKind.Directory,
        LinkType => UnixFileKind.SymbolicLink,
        _ => UnixFileKind.Special,
    };

    // O_NOFOLLOW differs between architectures (x86-64 and arm64 are the ones the service runs on).
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FStat(SafeFileHandle fd, byte[] output);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
