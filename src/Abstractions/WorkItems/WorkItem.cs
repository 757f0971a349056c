using RadCnn.Abstractions.Engine;

namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// One unit of work the host routes to plugins: an image series (<see cref="ImageSeriesWorkItem"/>)
/// or a report (<see cref="ReportWorkItem"/>).
/// </summary>
public abstract record WorkItem
{
    /// <summary>
    /// The host's key for the item (a hash of its UIDs, never a patient identifier); the same item
    /// replayed keeps its id, so plugins and outputs can use it for idempotency.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>How urgent the item is; pass it on to the engine's calls.</summary>
    public InferencePriority Priority { get; init; } = InferencePriority.Routine;

    /// <summary>When the host received the item (its last instance, for a series).</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
