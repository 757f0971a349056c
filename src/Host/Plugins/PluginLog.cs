using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Plugins;

/// <summary>The catalog's log messages. Plugin exception messages are not logged (they may carry patient data); they go into the job's result.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} is active (from {Folder})")]
    public static partial void Activated(ILogger logger, string pluginId, string version, string folder);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} is draining ({Reason}); {InFlight} call(s) in flight")]
    public static partial void Draining(ILogger logger, string pluginId, string version, string reason, int inFlight);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} unloaded; load context collected: {Collected}")]
    public static partial void Unloaded(ILogger logger, string pluginId, string version, bool collected);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} unloaded but its load context is still referenced ({Abandoned} abandoned call(s)); memory stays in use until the process restarts")]
    public static partial void NotCollected(ILogger logger, string pluginId, string version, int abandoned);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Plugin folder {Folder} failed: {Reason}")]
    public static partial void LoadFailed(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} call failed: {Outcome} ({ExceptionType})")]
    public static partial void CallFailed(ILogger logger, string pluginId, string version, PluginRunOutcome outcome, string exceptionType);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version}: circuit opened after repeated failures; no work for {BreakSeconds} s")]
    public static partial void CircuitOpened(ILogger logger, string pluginId, string version, double breakSeconds);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Plugins directory watcher unavailable ({Reason}); polling every {Seconds} s")]
    public static partial void WatcherUnavailable(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} failed while being disposed ({ExceptionType})")]
    public static partial void DisposeFailed(ILogger logger, string pluginId, string version, string exceptionType);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Plugin catalog watching {Directory}: {Active} active, {Failed} failed")]
    public static partial void Scanned(ILogger logger, string directory, int active, int failed);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Removed {Count} private plugin copies left by earlier runs that ended without their clean-up")]
    public static partial void LeftoversRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Plugin {PluginId} {Version} quarantined: it ignored cancellation at its timeout and {Abandoned} call(s) still hold a thread; its jobs wait, other plugins run on")]
    public static partial void Quarantined(ILogger logger, string pluginId, string version, int abandoned);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} out of quarantine: its abandoned calls ended")]
    public static partial void QuarantineLifted(ILogger logger, string pluginId, string version);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Shipped plugin {Folder}: {Action} in {PluginsDirectory}")]
    public static partial void Shipped(ILogger logger, string folder, string action, string pluginsDirectory);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} runs out of process (pid {ProcessId}), memory limit {Limit} by {Mechanism}")]
    public static partial void ProcessStarted(ILogger logger, string pluginId, string version, int processId, string limit, string mechanism);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "Plugin host {Plugin} (pid {ProcessId}) ended: {Reason}")]
    public static partial void ProcessEnded(ILogger logger, string plugin, int processId, string reason);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "Plugin host {Plugin}: {Line}")]
    public static partial void ProcessOutput(ILogger logger, string plugin, string line);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Error, Message = "Plugin {PluginId} {Version} quarantined for {Seconds} s: {Reason}; its jobs wait, other plugins run on")]
    public static partial void ProcessQuarantined(ILogger logger, string pluginId, string version, double seconds, string reason);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} out of quarantine; its next call starts a fresh host process")]
    public static partial void ProcessQuarantineLifted(ILogger logger, string pluginId, string version);
}
