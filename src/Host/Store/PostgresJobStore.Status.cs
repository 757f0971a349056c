using Npgsql;

namespace RadCnn.Host.Store;

/// <summary>Patient identities, deliveries, node heartbeats and the counts behind `radcnn status`.</summary>
internal sealed partial class PostgresJobStore
{
    public Task<string?> CheckIdentityAsync(string sopInstanceUid, string seriesInstanceUid, string patientHash, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => IdentityConflictAsync(c, tx, sopInstanceUid, seriesInstanceUid, patientHash), cancellationToken);

    /// <summary>The identity rule on the recorded hashes as this transaction sees them.</summary>
    private static async Task<string?> IdentityConflictAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sopInstanceUid, string seriesInstanceUid, string patientHash) =>
        PatientIdentityRule.Conflict(
            await ScalarAsync<string>(c, tx, PatientIdentityRule.RecordedHashSql, ("kind", "sop"), ("uid", sopInstanceUid)).ConfigureAwait(false),
            await ScalarAsync<string>(c, tx, PatientIdentityRule.RecordedHashSql, ("kind", "series"), ("uid", seriesInstanceUid)).ConfigureAwait(false),
            patientHash);

    public Task<long> RecordIdentityConflictAsync(IdentityConflictRecord conflict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return InTransactionAsync(async (c, tx) => await ScalarAsync<long>(c, tx, """
            INSERT INTO identity_conflicts(sop_instance_uid, series_uid, source, calling_ae, quarantine_path, reason, received_at)
            VALUES(@sop, @series, @source, @ae, @path, @reason, @at) RETURNING id
            """,
            ("sop", conflict.SopInstanceUid), ("series", conflict.SeriesInstanceUid), ("source", conflict.Source), ("ae", conflict.CallingAe),
            ("path", conflict.QuarantinePath), ("reason", conflict.Reason), ("at", conflict.ReceivedAt.ToUnixTimeMilliseconds())).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<IdentityConflictRecord>> GetIdentityConflictsAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<IdentityConflictRecord>>(async (c, tx) => await QueryAsync(c, tx,
            "SELECT id, sop_instance_uid, series_uid, source, calling_ae, quarantine_path, reason, received_at FROM identity_conflicts ORDER BY id",
            r => new IdentityConflictRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), r.GetString(5), r.GetString(6),
                Millis(r, 7))).ConfigureAwait(false), cancellationToken);

    public Task RecordDeliveryAsync(long jobId, string destination, string state, string? error, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, """
            INSERT INTO deliveries(job_id, destination, state, attempts, last_error, updated_at) VALUES(@job, @dest, @state, CASE WHEN @state='pending' THEN 0 ELSE 1 END, @error, @now)
            ON CONFLICT(job_id, destination) DO UPDATE SET state=excluded.state,
              attempts=deliveries.attempts + CASE WHEN excluded.state='pending' THEN 0 ELSE 1 END, last_error=excluded.last_error,
              updated_at=excluded.updated_at
            """,
            ("job", jobId), ("dest", destination), ("state", state), ("error", error), ("now", Now())), cancellationToken);

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? state, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<DeliveryRecord>>(async (c, tx) => await QueryAsync(c, tx,
            "SELECT job_id, destination, state, attempts, last_error, updated_at FROM deliveries WHERE @state::text IS NULL OR state=@state::text ORDER BY job_id",
            r => new DeliveryRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), NullableString(r, 4), Millis(r, 5)),
            ("state", state)).ConfigureAwait(false), cancellationToken);

    public Task<int> ReplayFailedDeliveriesAsync(DateTimeOffset? failedBefore, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx,
            "UPDATE deliveries SET state='pending', updated_at=@now WHERE state='failed' AND (@before::bigint IS NULL OR updated_at < @before::bigint)",
            ("now", Now()), ("before", failedBefore?.ToUnixTimeMilliseconds())), cancellationToken);

    public Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            async Task<Dictionary<string, long>> CountsAsync(string sql, Func<object, string> name) =>
                (await QueryAsync(c, tx, sql, r => (name(r.GetValue(0)), r.GetInt64(1))).ConfigureAwait(false))
                    .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

            return new StoreStatus(
                await ScalarAsync<long>(c, tx, "SELECT COUNT(*) FROM instances").ConfigureAwait(false),
                await ScalarAsync<long>(c, tx, "SELECT COUNT(*) FROM series").ConfigureAwait(false),
                await ScalarAsync<long>(c, tx, "SELECT COUNT(*) FROM series WHERE open").ConfigureAwait(false),
                await ScalarAsync<long>(c, tx, "SELECT COUNT(*) FROM reports").ConfigureAwait(false),
                await CountsAsync("SELECT state, COUNT(*) FROM work_items GROUP BY state", v => ((WorkItemState)(int)v).ToString()).ConfigureAwait(false),
                await CountsAsync("SELECT state, COUNT(*) FROM jobs GROUP BY state", v => ((JobState)(int)v).ToString()).ConfigureAwait(false),
                await CountsAsync("SELECT state, COUNT(*) FROM deliveries GROUP BY state", v => (string)v).ConfigureAwait(false),
                await QueryAsync(c, tx, "SELECT job_id, destination, state, attempts, last_error, updated_at FROM deliveries WHERE state='failed' ORDER BY job_id",
                    r => new DeliveryRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), NullableString(r, 4), Millis(r, 5))).ConfigureAwait(false),
                await QueryAsync(c, tx, JobSelect + " WHERE state=@state ORDER BY id", ReadJob, ("state", (int)JobState.Dead)).ConfigureAwait(false),
                await QueryAsync(c, tx,
                    "SELECT id, sop_instance_uid, series_uid, source, calling_ae, quarantine_path, reason, received_at FROM identity_conflicts ORDER BY id",
                    r => new IdentityConflictRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), r.GetString(5),
                        r.GetString(6), Millis(r, 7))).ConfigureAwait(false),
                await QueryAsync(c, tx, WorkItemSelect + " WHERE declined IS NOT NULL ORDER BY id DESC LIMIT @limit", ReadWorkItem,
                    ("limit", StoreStatus.RecentDeclineLimit)).ConfigureAwait(false));
        }, cancellationToken);

    public Task RecordHeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return InTransactionAsync((c, tx) => ExecuteAsync(c, tx, """
            INSERT INTO nodes(node_id, role, host_name, process_id, started_at, heartbeat_at) VALUES(@id, @role, @host, @pid, @started, @at)
            ON CONFLICT(node_id) DO UPDATE SET role=excluded.role, host_name=excluded.host_name, process_id=excluded.process_id,
              started_at=excluded.started_at, heartbeat_at=excluded.heartbeat_at
            """,
            ("id", node.NodeId), ("role", node.Role), ("host", node.HostName), ("pid", node.ProcessId),
            ("started", node.StartedAt.ToUnixTimeMilliseconds()), ("at", node.HeartbeatAt.ToUnixTimeMilliseconds())), cancellationToken);
    }

    public Task<IReadOnlyList<NodeRecord>> GetNodesAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<NodeRecord>>(async (c, tx) => await QueryAsync(c, tx,
            "SELECT node_id, role, host_name, process_id, started_at, heartbeat_at FROM nodes ORDER BY heartbeat_at DESC, node_id COLLATE \"C\"",
            r => new NodeRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), Millis(r, 4), Millis(r, 5))).ConfigureAwait(false),
            cancellationToken);
}
