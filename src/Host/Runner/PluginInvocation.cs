using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Results;

namespace RadCnn.Host.Runner;

/// <summary>One guarded plugin call as the pipeline sees it: which version ran, how it ended, its result and duration.</summary>
internal sealed record PluginInvocation(string PluginId, string PluginVersion, string? Summary, PluginInvocationOutcome Outcome, PluginResult Result, TimeSpan Duration)
{
    /// <summary>The model files of the version that ran, as its manifest pins them (name and SHA-256, verified at load).</summary>
    public IReadOnlyList<ModelFile> Models { get; init; } = [];
}
