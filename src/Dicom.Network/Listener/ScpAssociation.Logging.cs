using Microsoft.Extensions.Logging;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>What an association logs: AE titles and counts, never UIDs or patient data.</summary>
internal sealed partial class ScpAssociation
{
    [LoggerMessage(Level = LogLevel.Information, Message = "association from {CallingAe} accepted ({Accepted} of {Proposed} presentation contexts)")]
    private static partial void LogAccepted(ILogger logger, string callingAe, int accepted, int proposed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "association from {CallingAe} to {CalledAe} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string callingAe, string calledAe, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "association from {CallingAe} released after {Stored} instances")]
    private static partial void LogReleased(ILogger logger, string callingAe, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "association from {CallingAe} aborted by the peer")]
    private static partial void LogPeerAborted(ILogger logger, string callingAe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "association from {CallingAe} aborted: protocol error: {Error}")]
    private static partial void LogProtocolError(ILogger logger, string callingAe, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "association from {CallingAe} aborted: timed out")]
    private static partial void LogTimedOut(ILogger logger, string callingAe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection from {CallingAe} lost")]
    private static partial void LogConnectionLost(ILogger logger, string callingAe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "instance from {CallingAe} refused: its data set's SOP Instance or Class UID is not the one its C-STORE command announced")]
    private static partial void LogUidMismatch(ILogger logger, string callingAe);

    [LoggerMessage(Level = LogLevel.Error, Message = "storage handler failed with {ExceptionType}")]
    private static partial void LogHandlerFailed(ILogger logger, string exceptionType);
}
