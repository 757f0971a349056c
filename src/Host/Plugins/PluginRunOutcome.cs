namespace RadCnn.Host.Plugins;

/// <summary>How one guarded call into a plugin ended: results to write, a failure to retry, or nothing called yet.</summary>
internal enum PluginRunOutcome
{
    Succeeded,
    NotApplicable,

    /// <summary>The plugin threw or returned a failed result: retry per the runner's policy.</summary>
    Failed,

    /// <summary>The call outlived the plugin's timeout and was cancelled (or abandoned).</summary>
    TimedOut,

    /// <summary>The plugin's circuit breaker is open or it is quarantined: nothing was called; the job is postponed, not failed.</summary>
    CircuitOpen,
}
