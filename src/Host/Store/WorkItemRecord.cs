namespace RadCnn.Host.Store;

/// <summary>
/// A unit of work handed to routing: a series at one generation, or a report. <see cref="TraceParent"/>
/// (W3C traceparent) ties every stage of the item to one trace, across restarts.
/// </summary>
internal sealed record WorkItemRecord(
    long Id,
    WorkItemKind Kind,
    string Key,
    int Generation,
    WorkItemState State,
    string? UnroutedReason,
    DateTimeOffset CreatedAt,
    string TraceParent);
