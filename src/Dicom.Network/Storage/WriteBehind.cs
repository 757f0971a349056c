using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Linux sync_file_range(SYNC_FILE_RANGE_WRITE): queue a byte range of a file for write-out and
/// return at once. A hint only: it makes nothing durable (fsync still does), so failure or another
/// operating system simply means the fsync does all the work.
/// </summary>
internal static class WriteBehind
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _unsupported = !OperatingSystem.IsLinux();

    public static void Start(SafeFileHandle handle, long offset, long length)
    {
        if (_unsupported || handle.IsInvalid || handle.IsClosed)
        {
            return;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (SyncFileRange((int)handle.DangerousGetHandle(), offset, length, SyncFileRangeWrite) != 0
                && Marshal.GetLastPInvokeError() is EnoSys or EInval)
            {
                _unsupported = true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            _unsupported = true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private const int EInval = 22;
    private const int EnoSys = 38;

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFileRange(int fd, long offset, long nbytes, uint flags);
}
