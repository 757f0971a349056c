namespace RadCnn.Host.Store;

/// <summary>
/// A unit of work handed to routing: a series at one generation, or a report. <see cref="TraceParent"/>
/// (W3C traceparent) ties every stage of the item to one trace, across restarts. <see cref="Declined"/> says
/// which plugins declined it and why ("declined by X 1.0.0: reason"; no patient data), routed or not.
/// </summary>
internal sealed record WorkItemRecord(
    long Id,
    WorkItemKind Kind,
    string Key,
    int Generation,
    WorkItemState State,
    string? UnroutedReason,
    DateTimeOffset CreatedAt,
    string TraceParent,
    string? Declined = null);
