using System.Runtime.InteropServices;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>The few process calls .NET does not offer: signal a process group, move a descriptor, limit the data segment.</summary>
internal static class UnixProcess
{
    private const int SigKill = 9;
    private const int RlimitData = 2;

    /// <summary>SIGKILL to every process of the group <paramref name="processGroup"/> leads; false when none was there.</summary>
    public static bool KillGroup(int processGroup) => Kill(-processGroup, SigKill) == 0;

    /// <summary>
    /// Keeps a private copy of standard output for the control protocol and points descriptor 1 at
    /// standard error, so that whatever a plugin or a native library prints cannot corrupt a frame.
    /// </summary>
    public static int DetachStandardOutput()
    {
        var copy = Dup(1);
        if (copy < 0 || Dup2(2, 1) < 0)
        {
            throw new IOException($"standard output could not be moved aside (errno {Marshal.GetLastPInvokeError()})");
        }

        return copy;
    }

    /// <summary>Caps this process's data segment (soft and hard: the plugin cannot raise it again).</summary>
    public static bool LimitData(long bytes)
    {
        var limit = new Rlimit { Current = (ulong)bytes, Maximum = (ulong)bytes };
        return SetRlimit(RlimitData, ref limit) == 0;
    }

    /// <summary>Ends this process at once with <paramref name="code"/>: no finalisers, no handlers (nothing in it can be trusted any more).</summary>
    public static void ExitNow(int code) => Exit(code);

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void Exit(int code);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup2(int fd, int target);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetRlimit(int resource, ref Rlimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
