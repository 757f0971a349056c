namespace RadCnn.Host.Store;

/// <summary>A work item is received (complete, waiting for routing), routed to plugins, or recorded as unrouted.</summary>
internal enum WorkItemState
{
    Received = 1,
    Routed = 2,
    Unrouted = 3,
}
