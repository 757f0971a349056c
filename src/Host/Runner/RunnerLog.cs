using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Runner;

/// <summary>The runner's log lines: job ids, plugin ids and exception types only (exception messages may quote data).</summary>
internal static partial class RunnerLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Job {JobId} done by {PluginId} {PluginVersion} in {Milliseconds:0} ms")]
    public static partial void Done(ILogger logger, long jobId, string pluginId, string pluginVersion, double milliseconds);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Job {JobId} ({PluginId}) failed; attempt {Attempt} in {DelaySeconds:0.#} s")]
    public static partial void Retrying(ILogger logger, long jobId, string pluginId, int attempt, double delaySeconds);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Job {JobId} ({PluginId} {PluginVersion}) is dead after its attempts: {ErrorType}; `radcnn replay` runs it again")]
    public static partial void Dead(ILogger logger, long jobId, string pluginId, string pluginVersion, string errorType);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Job {JobId} postponed {Seconds} s: plugin {PluginId} cannot take work now")]
    public static partial void Postponed(ILogger logger, long jobId, string pluginId, double seconds);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "{Count} running jobs returned to the queue")]
    public static partial void Requeued(ILogger logger, int count);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "Worker error on job {JobId}: {ErrorType}")]
    public static partial void WorkerError(ILogger logger, long jobId, string errorType);

    [LoggerMessage(EventId = 606, Level = LogLevel.Debug, Message = "Memory returned after job {JobId}: managed heap {HeapBeforeMegabytes} -> {HeapAfterMegabytes} MB, resident {ResidentBeforeMegabytes} -> {ResidentAfterMegabytes} MB, in {Milliseconds:0} ms")]
    public static partial void MemoryReturned(ILogger logger, long jobId, long heapBeforeMegabytes, long heapAfterMegabytes, long residentBeforeMegabytes, long residentAfterMegabytes, double milliseconds);
}
