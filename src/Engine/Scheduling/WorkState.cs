namespace RadCnn.Engine.Scheduling;

/// <summary>Where a request is in its life; see <see cref="WorkItem"/>.</summary>
internal enum WorkState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Cancelled = 3,
}
