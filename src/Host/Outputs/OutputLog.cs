using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Outputs;

/// <summary>Output and forwarding log lines (job ids and destinations only).</summary>
internal static partial class OutputLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Job {JobId}: {Count} DICOM objects sent to {Destination}")]
    public static partial void Forwarded(ILogger logger, long jobId, int count, string destination);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Job {JobId}: forwarding to {Destination} failed after retries ({ErrorType}); see `radcnn status`")]
    public static partial void ForwardFailed(ILogger logger, long jobId, string destination, string errorType);
}
