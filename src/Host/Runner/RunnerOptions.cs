using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Runner;

/// <summary>Section "RadCnn:Runner": workers, queue bound, retries. Timeouts and circuit breaking are the plugin catalog's.</summary>
internal sealed class RunnerOptions
{
    public const string Section = "RadCnn:Runner";

    [Range(1, 256)]
    public int Workers { get; set; } = 2;

    /// <summary>Jobs handed to workers ahead of time; the dispatcher waits when it is full (back-pressure).</summary>
    [Range(1, 100000)]
    public int QueueCapacity { get; set; } = 32;

    /// <summary>Attempts per job, counting ones a crash interrupted; then the job is dead (replayable).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    [Range(0, 3600)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>How long a job waits when its plugin is not loaded or its circuit is open.</summary>
    [Range(0, 3600)]
    public double PostponeSeconds { get; set; } = 10;

    /// <summary>
    /// After a job, a full compacting collection once the process has allocated this many MB of managed memory since
    /// the last one, so that what a volume job used goes back to the system before the next (<see cref="Plugins.MemoryReturn"/>); 0: never.
    /// A plugin running in a process of its own is passed this setting and returns its process's memory the same way.
    /// </summary>
    [Range(0, Plugins.MemoryReturn.MaximumThresholdMegabytes)]
    public int ReturnMemoryAfterMegabytes { get; set; } = Plugins.MemoryReturn.DefaultThresholdMegabytes;

    /// <summary>How often the dispatcher looks for work queued by others (`radcnn replay`) besides being woken.</summary>
    [Range(0.01, 3600)]
    public double PollSeconds { get; set; } = 2;
}
