using Microsoft.Extensions.Logging;

namespace RadCnn.Engine.Diagnostics;

/// <summary>The engine's log messages (source-generated, no patient data: model names and numbers only).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Information, "Inference engine started on {Device} ({Reason}); {Threads} intra-op threads")]
    public static partial void Started(ILogger logger, string device, string reason, int threads);

    [LoggerMessage(2, LogLevel.Information, "Model {Model} loaded onto {Device} ({Bytes} bytes)")]
    public static partial void ModelLoaded(ILogger logger, string model, string device, long bytes);

    [LoggerMessage(3, LogLevel.Information, "Model {Model} evicted from {Device} to stay within the memory budget ({Bytes} bytes freed)")]
    public static partial void ModelEvicted(ILogger logger, string model, string device, long bytes);

    [LoggerMessage(4, LogLevel.Warning, "Models in use need {Bytes} bytes, over the engine's memory budget of {Budget} bytes")]
    public static partial void OverBudget(ILogger logger, long bytes, long budget);

    [LoggerMessage(5, LogLevel.Warning, "Request for model {Model} failed: {Failure}")]
    public static partial void RequestFailed(ILogger logger, string model, string failure, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Batch of {Count} for model {Model} failed; running its requests one by one to isolate the bad one")]
    public static partial void IsolatingBatch(ILogger logger, int count, string model, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Model {Model} unregistered")]
    public static partial void ModelUnregistered(ILogger logger, string model);
}
