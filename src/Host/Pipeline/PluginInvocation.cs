using RadCnn.Abstractions.Results;

namespace RadCnn.Host.Pipeline;

/// <summary>One guarded plugin call as the pipeline sees it: which version ran, how it ended, its result and duration.</summary>
internal sealed record PluginInvocation(string PluginId, string PluginVersion, string? Summary, PluginInvocationOutcome Outcome, PluginResult Result, TimeSpan Duration);
