namespace RadCnn.Host.Runner;

/// <summary>How a guarded plugin call ended: results to write, or a failure to retry.</summary>
internal enum PluginInvocationOutcome
{
    Succeeded,
    NotApplicable,
    Failed,
    TimedOut,
}
