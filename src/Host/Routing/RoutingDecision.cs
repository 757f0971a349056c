using RadCnn.Host.Store;

namespace RadCnn.Host.Routing;

/// <summary>The jobs to create, or why none: the reason is kept with the unrouted item (no patient data in it).</summary>
internal sealed record RoutingDecision(IReadOnlyList<JobRequest> Jobs, string? UnroutedReason)
{
    public bool Routed => Jobs.Count > 0;
}
