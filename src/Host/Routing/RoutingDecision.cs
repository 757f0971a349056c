using RadCnn.Host.Store;

namespace RadCnn.Host.Routing;

/// <summary>
/// The jobs to create, or why none: the reason is kept with the unrouted item (no patient data in it).
/// <see cref="Declines"/> names each plugin a matching rule chose that declined the item, with its
/// reason ("declined by X 1.0.0: ..."), whether or not other plugins took it.
/// </summary>
internal sealed record RoutingDecision(IReadOnlyList<JobRequest> Jobs, string? UnroutedReason)
{
    public IReadOnlyList<string> Declines { get; init; } = [];

    public bool Routed => Jobs.Count > 0;
}
