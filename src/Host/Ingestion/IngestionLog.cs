using Microsoft.Extensions.Logging;
using RadCnn.Host.Store;

namespace RadCnn.Host.Ingestion;

/// <summary>Ingestion's log lines: hashed UIDs, file kinds and reasons, never names, ids or report text.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Instance {SopHash} of series {SeriesHash} stored from {Source}: {Outcome}")]
    public static partial void InstanceStored(ILogger logger, string sopHash, string seriesHash, string source, InstanceStoreOutcome outcome);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Inbox} file moved to rejected/ (file names may be identifying, so not logged): {Reason}")]
    public static partial void Rejected(ILogger logger, string inbox, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Inbox file left in place, storage refused it: {Reason}")]
    public static partial void StorageRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Report {ReportHash} ({Format}, kind {Kind}) stored as work item {WorkItemId}")]
    public static partial void ReportStored(ILogger logger, string reportHash, string format, string kind, long workItemId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Inbox scan failed: {ErrorType}")]
    public static partial void ScanFailed(ILogger logger, string errorType);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "{Inbox} entry skipped and left in place (file names may be identifying, so not logged): {Reason}")]
    public static partial void Skipped(ILogger logger, string inbox, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Instance {SopHash} of series {SeriesHash} from {Source} quarantined (conflict {ConflictId}, see radcnn status): {Reason}")]
    public static partial void IdentityConflict(ILogger logger, string sopHash, string seriesHash, string source, long conflictId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Received instance refused: {Status} ({ErrorType})")]
    public static partial void NetworkRefused(ILogger logger, string status, string errorType);
}
