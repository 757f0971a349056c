namespace RadCnn.Host.Store;

/// <summary>
/// The outcome of storing one instance, with the series state the assembler needs: its revision
/// (bumped by every added or replaced instance), its generation (bumped when a late instance
/// re-opens a series that was already handed on) and the trace the series' work item belongs to.
/// </summary>
internal sealed record InstanceStoreResult(
    InstanceStoreOutcome Outcome,
    string SeriesInstanceUid,
    long SeriesRevision,
    int SeriesGeneration,
    bool SeriesReopened,
    string? CallingAe,
    string TraceParent)
{
    /// <summary>Where the replaced copy's bytes lay, when this instance replaced one stored under another file name: no row points there any more.</summary>
    public string? PreviousSpoolPath { get; init; }

    /// <summary>Why the instance was set aside (<see cref="InstanceStoreOutcome.Quarantined"/>); null otherwise.</summary>
    public string? ConflictReason { get; init; }

    /// <summary>An instance the store refused for another patient's UID or series: nothing of it was written.</summary>
    public static InstanceStoreResult SetAside(InstanceRecord instance, string reason) =>
        new(InstanceStoreOutcome.Quarantined, instance.SeriesInstanceUid, 0, 0, false, instance.CallingAe, string.Empty) { ConflictReason = reason };
}
