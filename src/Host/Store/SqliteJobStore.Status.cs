namespace RadCnn.Host.Store;

/// <summary>Deliveries to a PACS and the counts behind `radcnn status`.</summary>
internal sealed partial class SqliteJobStore
{
    public Task RecordDeliveryAsync(long jobId, string destination, string state, string? error, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, """
            INSERT INTO deliveries(job_id, destination, state, attempts, last_error, updated_at) VALUES($job, $dest, $state, CASE WHEN $state='pending' THEN 0 ELSE 1 END, $error, $now)
            ON CONFLICT(job_id, destination) DO UPDATE SET state=excluded.state,
              attempts=attempts + CASE WHEN excluded.state='pending' THEN 0 ELSE 1 END, last_error=excluded.last_error,
              updated_at=excluded.updated_at
            """,
            ("$job", jobId), ("$dest", destination), ("$state", state), ("$error", error), ("$now", Now())));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? state, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeliveryRecord>>(Locked(() => Query(null,
            "SELECT job_id, destination, state, attempts, last_error, updated_at FROM deliveries WHERE $state IS NULL OR state=$state ORDER BY job_id",
            r => new DeliveryRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), NullableString(r, 4),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))),
            ("$state", state))));

    public Task<int> ReplayFailedDeliveriesAsync(DateTimeOffset? failedBefore, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Execute(null,
            "UPDATE deliveries SET state='pending', updated_at=$now WHERE state='failed' AND ($before IS NULL OR updated_at < $before)",
            ("$now", Now()), ("$before", failedBefore?.ToUnixTimeMilliseconds()))));

    public async Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var failedDeliveries = await GetDeliveriesAsync("failed", cancellationToken).ConfigureAwait(false);
        var dead = await GetJobsAsync(JobState.Dead, cancellationToken).ConfigureAwait(false);
        var conflicts = await GetIdentityConflictsAsync(cancellationToken).ConfigureAwait(false);
        return Locked(() => new StoreStatus(
            Scalar<long>(null, "SELECT COUNT(*) FROM instances"),
            Scalar<long>(null, "SELECT COUNT(*) FROM series"),
            Scalar<long>(null, "SELECT COUNT(*) FROM series WHERE open=1"),
            Scalar<long>(null, "SELECT COUNT(*) FROM reports"),
            Query(null, "SELECT state, COUNT(*) FROM work_items GROUP BY state", r => (((WorkItemState)r.GetInt32(0)).ToString(), r.GetInt64(1)))
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            Query(null, "SELECT state, COUNT(*) FROM jobs GROUP BY state", r => (((JobState)r.GetInt32(0)).ToString(), r.GetInt64(1)))
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            Query(null, "SELECT state, COUNT(*) FROM deliveries GROUP BY state", r => (r.GetString(0), r.GetInt64(1)))
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            failedDeliveries,
            dead,
            conflicts,
            Query(null, WorkItemSelect + " WHERE declined IS NOT NULL ORDER BY id DESC LIMIT $limit", ReadWorkItem, ("$limit", StoreStatus.RecentDeclineLimit))));
    }

    public Task RecordHeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        Locked(() => Execute(null, """
            INSERT INTO nodes(node_id, role, host_name, process_id, started_at, heartbeat_at) VALUES($id, $role, $host, $pid, $started, $at)
            ON CONFLICT(node_id) DO UPDATE SET role=excluded.role, host_name=excluded.host_name, process_id=excluded.process_id,
              started_at=excluded.started_at, heartbeat_at=excluded.heartbeat_at
            """,
            ("$id", node.NodeId), ("$role", node.Role), ("$host", node.HostName), ("$pid", node.ProcessId),
            ("$started", node.StartedAt.ToUnixTimeMilliseconds()), ("$at", node.HeartbeatAt.ToUnixTimeMilliseconds())));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<NodeRecord>> GetNodesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NodeRecord>>(Locked(() => Query(null,
            "SELECT node_id, role, host_name, process_id, started_at, heartbeat_at FROM nodes ORDER BY heartbeat_at DESC, node_id",
            r => new NodeRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))))));
}
