using RadCnn.Abstractions.Results;

namespace RadCnn.Host.Plugins;

/// <summary>One guarded call's outcome, with the result (a failed one when the plugin threw, hung or was skipped).</summary>
internal sealed record PluginRun(string PluginId, string PluginVersion, PluginRunOutcome Outcome, PluginResult Result, TimeSpan Duration)
{
    /// <summary>Failures that count against the circuit breaker.</summary>
    public bool IsFailure => Outcome is PluginRunOutcome.Failed or PluginRunOutcome.TimedOut;
}
