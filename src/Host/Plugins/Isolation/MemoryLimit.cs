using System.Diagnostics;
using System.Globalization;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// The memory limit of one plugin host process, by the strongest means this machine allows: a cgroup
/// of its own under the service's cgroup (v1 memory controller, or v2 memory.max), where the kernel
/// kills the child when it goes over; otherwise RLIMIT_DATA, which the child sets on itself before it
/// loads the plugin, plus the runtime's GC heap hard limit. <see cref="Mechanism"/> says which applied.
/// </summary>
internal sealed class MemoryLimit : IDisposable
{
    private readonly string? _cgroup;
    private readonly bool _v2;

    private MemoryLimit(long bytes, string? cgroup, bool v2)
    {
        Bytes = bytes;
        _cgroup = cgroup;
        _v2 = v2;
    }

    public long Bytes { get; }

    /// <summary>True when the child must limit itself (no cgroup could be made or joined).</summary>
    public bool SelfImposed { get; private set; }

    public string Mechanism => SelfImposed || _cgroup is null
        ? "RLIMIT_DATA and DOTNET_GCHeapHardLimit (no writable cgroup)"
        : _v2 ? $"cgroup v2 memory.max ({_cgroup})" : $"cgroup v1 memory controller ({_cgroup})";

    public string Describe() => $"{Bytes / (1024 * 1024)} MB";

    /// <summary>A limit of <paramref name="bytes"/> for a child named <paramref name="name"/>: its own cgroup when one can be made.</summary>
    public static MemoryLimit Create(string name, long bytes, string cgroupRoot = "/sys/fs/cgroup")
    {
        var leaf = $"radcnn-plugin-{Sanitise(name)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        foreach (var (parent, v2) in Parents(cgroupRoot))
        {
            var path = Path.Combine(parent, leaf);
            try
            {
                Directory.CreateDirectory(path);
                if (v2)
                {
                    File.WriteAllText(Path.Combine(path, "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
                    TryWrite(Path.Combine(path, "memory.swap.max"), "0");
                }
                else
                {
                    File.WriteAllText(Path.Combine(path, "memory.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
                    TryWrite(Path.Combine(path, "memory.memsw.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
                }

                return new MemoryLimit(bytes, path, v2);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryRemove(path);
            }
        }

        return new MemoryLimit(bytes, null, v2: false) { SelfImposed = true };
    }

    /// <summary>Environment for the child: in self-imposed mode the GC heap hard limit (three quarters of the limit; the rest is native).</summary>
    public void Prepare(ProcessStartInfo start)
    {
        if (_cgroup is null)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = (Bytes / 4 * 3).ToString("x", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Moves the started child into the cgroup; when that fails the child limits itself (see <see cref="SelfImposed"/>).</summary>
    public void Join(int pid)
    {
        if (_cgroup is null)
        {
            return;
        }

        try
        {
            File.WriteAllText(Path.Combine(_cgroup, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SelfImposed = true;
        }
    }

    /// <summary>Whether the kernel had to refuse or reclaim memory at the limit (the likely cause of a SIGKILL).</summary>
    public bool WasReached()
    {
        if (_cgroup is null || SelfImposed)
        {
            return false;
        }

        try
        {
            if (_v2)
            {
                return File.ReadAllLines(Path.Combine(_cgroup, "memory.events"))
                    .Any(l => (l.StartsWith("oom_kill ", StringComparison.Ordinal) || l.StartsWith("max ", StringComparison.Ordinal)) && l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..] != "0");
            }

            // The memory+swap limit may be the one that failed first, and the kernel counts its OOM kills separately.
            return Counter("memory.failcnt") > 0 || Counter("memory.memsw.failcnt") > 0
                || File.ReadAllLines(Path.Combine(_cgroup, "memory.oom_control")).Any(l => l.StartsWith("oom_kill ", StringComparison.Ordinal) && l != "oom_kill 0");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long Counter(string file)
    {
        var path = Path.Combine(_cgroup!, file);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    /// <summary>Removes the cgroup (the kernel refuses while a process is still in it; retried briefly).</summary>
    public void Dispose()
    {
        if (_cgroup is null)
        {
            return;
        }

        for (var i = 0; i < 20 && Directory.Exists(_cgroup); i++)
        {
            if (TryRemove(_cgroup))
            {
                return;
            }

            Thread.Sleep(50);
        }
    }

    // Under the service's own cgroup, so a limit set from above (systemd's MemoryMax) still holds.
    private static IEnumerable<(string Parent, bool V2)> Parents(string root)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory") && Directory.Exists(Path.Combine(root, "memory")))
            {
                yield return (Path.Combine(root, "memory") + parts[2].TrimEnd('/'), false);
            }
        }

        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[0] == "0" && parts[1].Length == 0 && File.Exists(Path.Combine(root, "cgroup.controllers")))
            {
                yield return (root + parts[2].TrimEnd('/'), true);
            }
        }
    }

    private static string Sanitise(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').Take(48)]);

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Optional knob (no swap accounting on this kernel): the memory limit alone still holds.
        }
    }

    private static bool TryRemove(string path)
    {
        try
        {
            // A cgroup is removed with rmdir, never recursively: its control files are not real files.
            Directory.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
