namespace RadCnn.Host.Store;

/// <summary>
/// One work item for one plugin version. Unique on (plugin id, plugin version, item key, generation),
/// so routing the same item twice or replaying after a crash never runs it twice.
/// <see cref="SupersedesJobId"/> names the earlier job on the same series that this re-run replaces.
/// </summary>
internal sealed record JobRecord(
    long Id,
    long WorkItemId,
    WorkItemKind Kind,
    string ItemKey,
    int Generation,
    string PluginId,
    string PluginVersion,
    int Priority,
    JobState State,
    int Attempts,
    string? LastError,
    long? SupersedesJobId,
    string? OutputPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string TraceParent);
