using System.Diagnostics;
using System.Globalization;

namespace RadCnn.Host.Store;

/// <summary>
/// Kill points for the crash-safety tests: with RADCNN_CRASH_AT="point:n" in the environment the
/// process kills itself (SIGKILL: no shutdown code, like a power cut for everything not yet on disk)
/// the n-th time it reaches that point. Read once; unset, each point costs one comparison.
/// </summary>
internal static class CrashPoint
{
    /// <summary>Instance files durable, their rows written in the open group transaction, nothing committed.</summary>
    public const string InstanceRowsWritten = "instance-rows-written";

    /// <summary>The group's rows committed, no waiter released: no C-STORE response sent for them.</summary>
    public const string InstanceRowsCommitted = "instance-rows-committed";

    /// <summary>
    /// A group committed with rows whose file's content fsync was still under way when they were put
    /// (flagged content_unconfirmed), before any of those fsyncs is awaited and before any response.
    /// </summary>
    public const string InstanceRowsCommittedContentUnconfirmed = "instance-rows-committed-content-unconfirmed";

    private static readonly (string Point, int Count)? Target = Parse(Environment.GetEnvironmentVariable("RADCNN_CRASH_AT"));
    private static int _reached;

    public static void Reach(string point)
    {
        if (Target is not { } target || target.Point != point || Interlocked.Increment(ref _reached) != target.Count)
        {
            return;
        }

        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string, int)? Parse(string? value)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(value![(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? (value[..colon], count)
            : null;
    }
}
