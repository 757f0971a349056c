using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>Reports, work items and jobs.</summary>
internal sealed partial class SqliteJobStore
{
    private const string WorkItemSelect = "SELECT id, kind, item_key, generation, state, unrouted_reason, created_at, trace_parent, declined FROM work_items";

    private const string JobSelect = """
        SELECT id, work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state, attempts, last_error,
          supersedes_job_id, output_path, created_at, updated_at, trace_parent FROM jobs
        """;

    public Task<(WorkItemRecord WorkItem, bool Added)> PutReportAsync(ReportRecord report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Task.FromResult(InTransaction(tx =>
        {
            var existing = Query(tx, WorkItemSelect + " WHERE kind=$kind AND item_key=$key", ReadWorkItem,
                ("$kind", (int)WorkItemKind.Report), ("$key", report.ReportId)).FirstOrDefault();
            if (existing is not null)
            {
                return (existing, false);
            }

            Execute(tx, """
                INSERT INTO reports(report_id, kind, format, spool_path, content_hash, metadata_json, received_at)
                VALUES($id, $kind, $format, $path, $hash, $meta, $at)
                """,
                ("$id", report.ReportId), ("$kind", report.Kind), ("$format", report.Format), ("$path", report.SpoolPath),
                ("$hash", report.ContentHash), ("$meta", report.MetadataJson), ("$at", report.ReceivedAt.ToUnixTimeMilliseconds()));
            return (InsertWorkItem(tx, WorkItemKind.Report, report.ReportId, 1, NewTraceParent()), true);
        }));
    }

    public Task<ReportRecord?> GetReportAsync(string reportId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Query(null,
            "SELECT report_id, kind, format, spool_path, content_hash, metadata_json, received_at FROM reports WHERE report_id=$id",
            r => new ReportRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), NullableString(r, 5),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6))),
            ("$id", reportId)).FirstOrDefault()));

    public Task<WorkItemRecord?> GetWorkItemAsync(long workItemId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Query(null, WorkItemSelect + " WHERE id=$id", ReadWorkItem, ("$id", workItemId)).FirstOrDefault()));

    public Task<IReadOnlyList<WorkItemRecord>> GetWorkItemsAsync(WorkItemState state, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkItemRecord>>(Locked(() =>
            Query(null, WorkItemSelect + " WHERE state=$state ORDER BY id", ReadWorkItem, ("$state", (int)state))));

    public Task<IReadOnlyList<JobRecord>> RouteWorkItemAsync(long workItemId, IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Task.FromResult<IReadOnlyList<JobRecord>>(InTransaction(tx =>
        {
            var item = Query(tx, WorkItemSelect + " WHERE id=$id", ReadWorkItem, ("$id", workItemId)).FirstOrDefault()
                ?? throw new InvalidOperationException($"work item {workItemId} does not exist");
            var now = Now();
            foreach (var job in jobs)
            {
                // Earlier generations' jobs of this plugin that have not started would only produce a
                // result this one replaces at once: they never run.
                Execute(tx, """
                    UPDATE jobs SET state=$superseded, last_error=$why, updated_at=$now
                    WHERE plugin_id=$plugin AND kind=$kind AND item_key=$key AND generation<$gen AND state IN ($queued, $failed)
                    """, ("$superseded", (int)JobState.Superseded), ("$why", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"superseded by generation {item.Generation} before it ran")),
                    ("$now", now), ("$plugin", job.PluginId), ("$kind", (int)item.Kind), ("$key", item.Key), ("$gen", item.Generation),
                    ("$queued", (int)JobState.Queued), ("$failed", (int)JobState.Failed));

                // The newest earlier run of this plugin on the same item that has or will have a result is what a re-run supersedes.
                var supersedes = Scalar<long?>(tx, """
                    SELECT MAX(id) FROM jobs WHERE plugin_id=$plugin AND kind=$kind AND item_key=$key AND generation<$gen AND state IN ($done, $running)
                    """, ("$plugin", job.PluginId), ("$kind", (int)item.Kind), ("$key", item.Key), ("$gen", item.Generation),
                    ("$done", (int)JobState.Done), ("$running", (int)JobState.Running));
                var inserted = Execute(tx, """
                    INSERT OR IGNORE INTO jobs(work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state,
                      attempts, supersedes_job_id, created_at, updated_at, trace_parent)
                    VALUES($item, $kind, $key, $gen, $plugin, $version, $priority, $state, 0, $supersedes, $now, $now, $trace)
                    """,
                    ("$item", item.Id), ("$kind", (int)item.Kind), ("$key", item.Key), ("$gen", item.Generation),
                    ("$plugin", job.PluginId), ("$version", job.PluginVersion), ("$priority", job.Priority),
                    ("$state", (int)JobState.Queued), ("$supersedes", supersedes), ("$now", now), ("$trace", item.TraceParent));
                if (inserted == 1 && _queueOutbox)
                {
                    Execute(tx, "INSERT INTO queue_outbox(job_id, plugin_id, priority, created_at) VALUES(last_insert_rowid(), $plugin, $priority, $now)",
                        ("$plugin", job.PluginId), ("$priority", job.Priority), ("$now", now));
                }
            }

            Execute(tx, "UPDATE work_items SET state=$state, unrouted_reason=NULL WHERE id=$id",
                ("$state", (int)WorkItemState.Routed), ("$id", workItemId));
            return Query(tx, JobSelect + " WHERE work_item_id=$id ORDER BY id", ReadJob, ("$id", workItemId));
        }));
    }

    public Task MarkUnroutedAsync(long workItemId, string reason, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, "UPDATE work_items SET state=$state, unrouted_reason=$reason WHERE id=$id",
            ("$state", (int)WorkItemState.Unrouted), ("$reason", reason), ("$id", workItemId)));
        return Task.CompletedTask;
    }

    public Task RecordDeclinedAsync(long workItemId, string declined, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, "UPDATE work_items SET declined=$declined WHERE id=$id", ("$declined", declined), ("$id", workItemId)));
        return Task.CompletedTask;
    }

    public Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Query(null, JobSelect + " WHERE id=$id", ReadJob, ("$id", jobId)).FirstOrDefault()));

    public Task<IReadOnlyList<JobRecord>> GetRunnableJobsAsync(int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(Locked(() => Query(null,
            JobSelect + " WHERE state IN ($queued, $failed) ORDER BY priority, id LIMIT $limit", ReadJob,
            ("$queued", (int)JobState.Queued), ("$failed", (int)JobState.Failed), ("$limit", limit))));

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(JobState state, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(Locked(() =>
            Query(null, JobSelect + " WHERE state=$state ORDER BY id", ReadJob, ("$state", (int)state))));

    public Task<JobRecord?> StartJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(tx =>
        {
            var changed = Execute(tx, """
                UPDATE jobs SET state=$running, attempts=attempts+1, updated_at=$now, node_id=$node
                WHERE id=$id AND state IN ($queued, $failed)
                """,
                ("$running", (int)JobState.Running), ("$now", Now()), ("$node", _nodeId), ("$id", jobId),
                ("$queued", (int)JobState.Queued), ("$failed", (int)JobState.Failed));
            return changed == 0 ? null : Query(tx, JobSelect + " WHERE id=$id", ReadJob, ("$id", jobId)).Single();
        }));

    public Task FailJobAsync(long jobId, string error, bool dead, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, "UPDATE jobs SET state=$state, last_error=$error, updated_at=$now WHERE id=$id",
            ("$state", (int)(dead ? JobState.Dead : JobState.Failed)), ("$error", error), ("$now", Now()), ("$id", jobId)));
        return Task.CompletedTask;
    }

    public Task PostponeJobAsync(long jobId, string reason, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, """
            UPDATE jobs SET state=$queued, attempts=MAX(attempts-1, 0), last_error=$reason, updated_at=$now WHERE id=$id AND state=$running
            """,
            ("$queued", (int)JobState.Queued), ("$reason", reason), ("$now", Now()), ("$id", jobId), ("$running", (int)JobState.Running)));
        return Task.CompletedTask;
    }

    public Task CompleteJobAsync(long jobId, string outputPath, CancellationToken cancellationToken = default)
    {
        Locked(() => Execute(null, "UPDATE jobs SET state=$state, output_path=$path, updated_at=$now WHERE id=$id",
            ("$state", (int)JobState.Done), ("$path", outputPath), ("$now", Now()), ("$id", jobId)));
        return Task.CompletedTask;
    }

    public Task<bool> RecordPluginVersionAsync(long jobId, string pluginVersion, CancellationToken cancellationToken = default) =>
        // OR IGNORE: should a job for the new version of the same item exist already, the row keeps
        // its own version (the unique key) and result.json still names the version that ran.
        Task.FromResult(Locked(() => Execute(null, "UPDATE OR IGNORE jobs SET plugin_version=$version, updated_at=$now WHERE id=$id",
            ("$version", pluginVersion), ("$now", Now()), ("$id", jobId))) == 1);

    public Task<int> RequeueRunningAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Execute(null,
            "UPDATE jobs SET state=$queued, updated_at=$now WHERE state=$running AND (node_id IS NULL OR node_id=$node)",
            ("$queued", (int)JobState.Queued), ("$now", Now()), ("$running", (int)JobState.Running), ("$node", _nodeId))));

    public Task<int> RequeueFromSilentNodesAsync(DateTimeOffset silentSince, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Execute(null, """
            UPDATE jobs SET state=$queued, updated_at=$now
            WHERE state=$running AND node_id<>$node AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.node_id=jobs.node_id AND heartbeat_at>=$since)
            """,
            ("$queued", (int)JobState.Queued), ("$now", Now()), ("$running", (int)JobState.Running), ("$node", _nodeId),
            ("$since", silentSince.ToUnixTimeMilliseconds()))));

    public Task<bool> ReplayJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(tx =>
        {
            var replayed = Execute(tx, """
                UPDATE jobs SET state=$queued, attempts=0, updated_at=$now WHERE id=$id AND state IN ($dead, $failed, $done)
                """,
                ("$queued", (int)JobState.Queued), ("$now", Now()), ("$id", jobId), ("$dead", (int)JobState.Dead),
                ("$failed", (int)JobState.Failed), ("$done", (int)JobState.Done)) == 1;
            if (replayed)
            {
                AddToOutbox(tx, "id=$id", ("$id", jobId));
            }

            return replayed;
        }));

    public Task<int> ReplayDeadJobsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(tx =>
        {
            AddToOutbox(tx, "state=$dead", ("$dead", (int)JobState.Dead));
            return Execute(tx, "UPDATE jobs SET state=$queued, attempts=0, updated_at=$now WHERE state=$dead",
                ("$queued", (int)JobState.Queued), ("$now", Now()), ("$dead", (int)JobState.Dead));
        }));

    public Task<IReadOnlyList<OutboxMessage>> GetOutboxAsync(int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(Locked(() => Query(null,
            "SELECT id, job_id, plugin_id, priority FROM queue_outbox ORDER BY id LIMIT $limit",
            r => new OutboxMessage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3)), ("$limit", limit))));

    public Task<bool> RepublishAsync(long jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(tx =>
        {
            var queued = Scalar<long>(tx, "SELECT COUNT(*) FROM jobs WHERE id=$id AND state=$queued", ("$id", jobId), ("$queued", (int)JobState.Queued)) == 1;
            if (queued)
            {
                AddToOutbox(tx, "id=$id", ("$id", jobId));
            }

            return queued;
        }));

    public Task DeleteOutboxAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        InTransaction(tx =>
        {
            foreach (var id in ids)
            {
                Execute(tx, "DELETE FROM queue_outbox WHERE id=$id", ("$id", id));
            }

            return ids.Count;
        });
        return Task.CompletedTask;
    }

    public Task<bool> TakeOverJobAsync(long jobId, DateTimeOffset silentSince, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => Execute(null, """
            UPDATE jobs SET state=$queued, updated_at=$now
            WHERE id=$id AND state=$running AND node_id IS NOT $node
              AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.node_id=jobs.node_id AND heartbeat_at>=$since)
            """,
            ("$queued", (int)JobState.Queued), ("$now", Now()), ("$id", jobId), ("$running", (int)JobState.Running), ("$node", _nodeId),
            ("$since", silentSince.ToUnixTimeMilliseconds())) == 1));

    /// <summary>Outbox rows for the jobs <paramref name="where"/> selects, when the work queue is on.</summary>
    private void AddToOutbox(SqliteTransaction tx, string where, params (string Name, object? Value)[] parameters)
    {
        if (_queueOutbox)
        {
            Execute(tx, "INSERT INTO queue_outbox(job_id, plugin_id, priority, created_at) SELECT id, plugin_id, priority, $at FROM jobs WHERE " + where,
                [.. parameters, ("$at", Now())]);
        }
    }

    private WorkItemRecord InsertWorkItem(SqliteTransaction tx, WorkItemKind kind, string key, int generation, string traceParent)
    {
        Execute(tx, """
            INSERT OR IGNORE INTO work_items(kind, item_key, generation, state, created_at, trace_parent)
            VALUES($kind, $key, $gen, $state, $now, $trace)
            """,
            ("$kind", (int)kind), ("$key", key), ("$gen", generation), ("$state", (int)WorkItemState.Received),
            ("$now", Now()), ("$trace", traceParent));
        return Query(tx, WorkItemSelect + " WHERE kind=$kind AND item_key=$key AND generation=$gen", ReadWorkItem,
            ("$kind", (int)kind), ("$key", key), ("$gen", generation)).Single();
    }

    private static WorkItemRecord ReadWorkItem(SqliteDataReader r) => new(
        r.GetInt64(0), (WorkItemKind)r.GetInt32(1), r.GetString(2), r.GetInt32(3), (WorkItemState)r.GetInt32(4),
        NullableString(r, 5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), r.GetString(7), NullableString(r, 8));

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), (WorkItemKind)r.GetInt32(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetString(6),
        r.GetInt32(7), (JobState)r.GetInt32(8), r.GetInt32(9), NullableString(r, 10), r.IsDBNull(11) ? null : r.GetInt64(11),
        NullableString(r, 12), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(14)), r.GetString(15));
}
