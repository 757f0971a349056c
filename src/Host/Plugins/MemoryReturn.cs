using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Gives the memory of finished jobs back to the system. A volume job allocates gigabytes of large managed arrays
/// (a 512 × 512 × 200 CT as floats is 210 MB, and each probability map, mask and label image beside it as much
/// again), which the GC frees lazily: with no memory limit it lets the large-object heap grow towards its budget
/// before a full collection, so a service that has run one liver job kept about 3 GB resident until the next and
/// peaked above 4 GB during it. After a job, once the process has allocated at least the threshold since the last
/// return, one blocking full collection that compacts and decommits (<see cref="GCCollectionMode.Aggressive"/>)
/// runs on the finishing worker; what the finished job held is garbage by then, so it costs little, and jobs still
/// running lose only that pause. Small jobs (radiographs, reports) never reach the threshold between two
/// collections on their own count, so they pay it once per that many bytes. The C heap is trimmed after it
/// (<see cref="NativeHeap"/>): libtorch's freed tensors stay in glibc's arenas otherwise.
/// </summary>
internal sealed class MemoryReturn
{
    /// <summary>The default threshold: the runner's, and a plugin host process's when the service passes none.</summary>
    public const int DefaultThresholdMegabytes = 1024;

    /// <summary>
    /// The runner's setting (<c>RadCnn:Runner:ReturnMemoryAfterMegabytes</c>), named here because a plugin host process
    /// receives it among its settings and reads it without the runner's options type.
    /// </summary>
    public const string ThresholdSetting = "RadCnn:Runner:ReturnMemoryAfterMegabytes";

    /// <summary>The largest threshold the setting accepts (a terabyte: never, in practice).</summary>
    public const int MaximumThresholdMegabytes = 1 << 20;

    private readonly long _thresholdBytes;
    private long _allocatedAtLastReturn = GC.GetTotalAllocatedBytes(precise: false);

    /// <param name="thresholdMegabytes">Managed allocation since the last return that triggers the next; 0 turns returns off.</param>
    public MemoryReturn(int thresholdMegabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdMegabytes);
        _thresholdBytes = thresholdMegabytes * (1L << 20);
    }

    /// <summary>The threshold in <paramref name="configuration"/>'s <see cref="ThresholdSetting"/>, else the default (the service validated it).</summary>
    public static int ThresholdFrom(IConfiguration configuration) =>
        int.TryParse(configuration[ThresholdSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes) && megabytes <= MaximumThresholdMegabytes
            ? megabytes
            : DefaultThresholdMegabytes;

    /// <summary>After a job: collects when due; null when it was not, else what it took and what it left.</summary>
    public Collection? AfterJob()
    {
        if (_thresholdBytes == 0)
        {
            return null;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var last = Interlocked.Read(ref _allocatedAtLastReturn);
        if (allocated - last < _thresholdBytes || Interlocked.CompareExchange(ref _allocatedAtLastReturn, allocated, last) != last)
        {
            // Not due, or another worker is returning it now.
            return null;
        }

        var (heap, resident) = (GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return new Collection(elapsed, heap >> 20, GC.GetTotalMemory(forceFullCollection: false) >> 20, resident >> 20, Environment.WorkingSet >> 20);
    }

    /// <summary>One return: its pause, the managed heap (garbage included) and the process's resident memory before and after.</summary>
    internal readonly record struct Collection(double Milliseconds, long HeapBeforeMegabytes, long HeapAfterMegabytes, long ResidentBeforeMegabytes, long ResidentAfterMegabytes);
}
