namespace RadCnn.Host.Store;

/// <summary>
/// One RadCnn process sharing the store: its role (all, ingest, worker), where it runs and when it last said
/// it was alive. `radcnn status` lists them; a node whose heartbeat is old is shown as silent, not removed.
/// </summary>
internal sealed record NodeRecord(
    string NodeId,
    string Role,
    string HostName,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt);
