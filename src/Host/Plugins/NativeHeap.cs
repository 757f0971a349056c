using System.Runtime.InteropServices;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Gives the C heap's free memory back to the system. libtorch allocates its tensors with the C library's malloc, on
/// the engine's and its intra-op threads; glibc keeps freed blocks in per-thread arenas, and after each freed block
/// larger than its mmap threshold it raises that threshold, so later tensors of that size come from the arenas too
/// and their memory stays resident when they are freed: a service that had denoised one 300-slice series held 1.8 GB
/// until the next job. <c>malloc_trim(0)</c> returns the free pages of every arena. Elsewhere than glibc (musl,
/// macOS, Windows) there is no such call, and nothing is done.
/// </summary>
internal static class NativeHeap
{
    private static int available = OperatingSystem.IsLinux() ? 1 : 0;

    /// <summary>Returns the C heap's free pages; true when the C library released any.</summary>
    public static bool Trim()
    {
        if (Volatile.Read(ref available) == 0)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref available, 0);
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
