using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Results;

namespace RadCnn.Host.Plugins;

/// <summary>
/// One guarded plugin call, the same record from the loaded plugin (in-process or in its own host
/// process) through the pipeline's gateway to the runner and the stored result: which version ran, how
/// it ended, its result (a failed one when the plugin threw, hung or was skipped) and its duration.
/// </summary>
internal sealed record PluginRun(string PluginId, string PluginVersion, PluginRunOutcome Outcome, PluginResult Result, TimeSpan Duration)
{
    /// <summary>The one-line summary the plugin describes itself with, for result.json.</summary>
    public string? Summary { get; init; }

    /// <summary>The model files of the version that ran, as its manifest pins them (name and SHA-256, verified at load).</summary>
    public IReadOnlyList<ModelFile> Models { get; init; } = [];

    /// <summary>Failures that count against the circuit breaker, and that a job retries.</summary>
    public bool IsFailure => Outcome is PluginRunOutcome.Failed or PluginRunOutcome.TimedOut;
}
