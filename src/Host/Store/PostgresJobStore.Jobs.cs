using System.Globalization;
using Npgsql;

namespace RadCnn.Host.Store;

/// <summary>Reports, work items and jobs.</summary>
internal sealed partial class PostgresJobStore
{
    private const string WorkItemSelect = "SELECT id, kind, item_key, generation, state, unrouted_reason, created_at, trace_parent, declined FROM work_items";

    private const string JobSelect = """
        SELECT id, work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state, attempts, last_error,
          supersedes_job_id, output_path, created_at, updated_at, trace_parent FROM jobs
        """;

    private const string UniqueViolation = "23505";

    public Task<(WorkItemRecord WorkItem, bool Added)> PutReportAsync(ReportRecord report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return InTransactionAsync(async (c, tx) =>
        {
            await LockKeyAsync(c, tx, "report:" + report.ReportId).ConfigureAwait(false);
            var existing = (await QueryAsync(c, tx, WorkItemSelect + " WHERE kind=@kind AND item_key=@key", ReadWorkItem,
                ("kind", (int)WorkItemKind.Report), ("key", report.ReportId)).ConfigureAwait(false)).FirstOrDefault();
            if (existing is not null)
            {
                return (existing, false);
            }

            await ExecuteAsync(c, tx, """
                INSERT INTO reports(report_id, kind, format, spool_path, content_hash, metadata_json, received_at)
                VALUES(@id, @kind, @format, @path, @hash, @meta, @at)
                """,
                ("id", report.ReportId), ("kind", report.Kind), ("format", report.Format), ("path", report.SpoolPath),
                ("hash", report.ContentHash), ("meta", report.MetadataJson), ("at", report.ReceivedAt.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            return (await InsertWorkItemAsync(c, tx, WorkItemKind.Report, report.ReportId, 1, NewTraceParent()).ConfigureAwait(false), true);
        }, cancellationToken);
    }

    public Task<ReportRecord?> GetReportAsync(string reportId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) => (await QueryAsync(c, tx,
            "SELECT report_id, kind, format, spool_path, content_hash, metadata_json, received_at FROM reports WHERE report_id=@id",
            r => new ReportRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), NullableString(r, 5), Millis(r, 6)),
            ("id", reportId)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<WorkItemRecord?> GetWorkItemAsync(long workItemId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
            (await QueryAsync(c, tx, WorkItemSelect + " WHERE id=@id", ReadWorkItem, ("id", workItemId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<WorkItemRecord>> GetWorkItemsAsync(WorkItemState state, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<WorkItemRecord>>(async (c, tx) =>
            await QueryAsync(c, tx, WorkItemSelect + " WHERE state=@state ORDER BY id", ReadWorkItem, ("state", (int)state)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<JobRecord>> RouteWorkItemAsync(long workItemId, IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return InTransactionAsync<IReadOnlyList<JobRecord>>(async (c, tx) =>
        {
            // FOR UPDATE: a second node routing the same item waits, then finds the jobs there (ON CONFLICT DO NOTHING).
            var item = (await QueryAsync(c, tx, WorkItemSelect + " WHERE id=@id FOR UPDATE", ReadWorkItem, ("id", workItemId)).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new InvalidOperationException($"work item {workItemId} does not exist");
            var now = Now();
            foreach (var job in jobs)
            {
                // Earlier generations' jobs of this plugin that have not started would only produce a
                // result this one replaces at once: they never run.
                await ExecuteAsync(c, tx, """
                    UPDATE jobs SET state=@superseded, last_error=@why, updated_at=@now
                    WHERE plugin_id=@plugin AND kind=@kind AND item_key=@key AND generation<@gen AND state IN (@queued, @failed)
                    """, ("superseded", (int)JobState.Superseded), ("why", string.Create(CultureInfo.InvariantCulture, $"superseded by generation {item.Generation} before it ran")),
                    ("now", now), ("plugin", job.PluginId), ("kind", (int)item.Kind), ("key", item.Key), ("gen", item.Generation),
                    ("queued", (int)JobState.Queued), ("failed", (int)JobState.Failed)).ConfigureAwait(false);

                // The newest earlier run of this plugin on the same item that has or will have a result is what a re-run supersedes.
                var supersedes = await ScalarAsync<long?>(c, tx, """
                    SELECT MAX(id) FROM jobs WHERE plugin_id=@plugin AND kind=@kind AND item_key=@key AND generation<@gen AND state IN (@done, @running)
                    """, ("plugin", job.PluginId), ("kind", (int)item.Kind), ("key", item.Key), ("gen", item.Generation),
                    ("done", (int)JobState.Done), ("running", (int)JobState.Running)).ConfigureAwait(false);
                var inserted = await ScalarAsync<long?>(c, tx, """
                    INSERT INTO jobs(work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state,
                      attempts, supersedes_job_id, created_at, updated_at, trace_parent)
                    VALUES(@item, @kind, @key, @gen, @plugin, @version, @priority, @state, 0, @supersedes, @now, @now, @trace)
                    ON CONFLICT DO NOTHING RETURNING id
                    """,
                    ("item", item.Id), ("kind", (int)item.Kind), ("key", item.Key), ("gen", item.Generation),
                    ("plugin", job.PluginId), ("version", job.PluginVersion), ("priority", job.Priority),
                    ("state", (int)JobState.Queued), ("supersedes", supersedes), ("now", now), ("trace", item.TraceParent)).ConfigureAwait(false);
                if (inserted is { } jobId)
                {
                    await AddToOutboxAsync(c, tx, "id=@id", ("id", jobId)).ConfigureAwait(false);
                }
            }

            await ExecuteAsync(c, tx, "UPDATE work_items SET state=@state, unrouted_reason=NULL WHERE id=@id",
                ("state", (int)WorkItemState.Routed), ("id", workItemId)).ConfigureAwait(false);
            return await QueryAsync(c, tx, JobSelect + " WHERE work_item_id=@id ORDER BY id", ReadJob, ("id", workItemId)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task MarkUnroutedAsync(long workItemId, string reason, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE work_items SET state=@state, unrouted_reason=@reason WHERE id=@id",
            ("state", (int)WorkItemState.Unrouted), ("reason", reason), ("id", workItemId)), cancellationToken);

    public Task RecordDeclinedAsync(long workItemId, string declined, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE work_items SET declined=@declined WHERE id=@id",
            ("declined", declined), ("id", workItemId)), cancellationToken);

    public Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
            (await QueryAsync(c, tx, JobSelect + " WHERE id=@id", ReadJob, ("id", jobId)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetRunnableJobsAsync(int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<JobRecord>>(async (c, tx) => await QueryAsync(c, tx,
            JobSelect + " WHERE state IN (@queued, @failed) ORDER BY priority, id LIMIT @limit", ReadJob,
            ("queued", (int)JobState.Queued), ("failed", (int)JobState.Failed), ("limit", limit)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(JobState state, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<JobRecord>>(async (c, tx) =>
            await QueryAsync(c, tx, JobSelect + " WHERE state=@state ORDER BY id", ReadJob, ("state", (int)state)).ConfigureAwait(false), cancellationToken);

    public Task<JobRecord?> StartJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            // One statement: a second node's UPDATE waits for this one and then finds the state changed.
            var started = await QueryAsync(c, tx, """
                UPDATE jobs SET state=@running, attempts=attempts+1, updated_at=@now, node_id=@node
                WHERE id=@id AND state IN (@queued, @failed)
                RETURNING id, work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state, attempts, last_error,
                  supersedes_job_id, output_path, created_at, updated_at, trace_parent
                """, ReadJob,
                ("running", (int)JobState.Running), ("now", Now()), ("node", _nodeId), ("id", jobId),
                ("queued", (int)JobState.Queued), ("failed", (int)JobState.Failed)).ConfigureAwait(false);
            return started.FirstOrDefault();
        }, cancellationToken);

    public Task FailJobAsync(long jobId, string error, bool dead, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE jobs SET state=@state, last_error=@error, updated_at=@now WHERE id=@id",
            ("state", (int)(dead ? JobState.Dead : JobState.Failed)), ("error", error), ("now", Now()), ("id", jobId)), cancellationToken);

    public Task PostponeJobAsync(long jobId, string reason, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, """
            UPDATE jobs SET state=@queued, attempts=GREATEST(attempts-1, 0), last_error=@reason, updated_at=@now WHERE id=@id AND state=@running
            """,
            ("queued", (int)JobState.Queued), ("reason", reason), ("now", Now()), ("id", jobId), ("running", (int)JobState.Running)), cancellationToken);

    public Task CompleteJobAsync(long jobId, string outputPath, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE jobs SET state=@state, output_path=@path, updated_at=@now WHERE id=@id",
            ("state", (int)JobState.Done), ("path", outputPath), ("now", Now()), ("id", jobId)), cancellationToken);

    public async Task<bool> RecordPluginVersionAsync(long jobId, string pluginVersion, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InTransactionAsync(async (c, tx) => await ExecuteAsync(c, tx, "UPDATE jobs SET plugin_version=@version, updated_at=@now WHERE id=@id",
                ("version", pluginVersion), ("now", Now()), ("id", jobId)).ConfigureAwait(false) == 1, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // A job for the new version of the same item exists already: the row keeps its own version
            // (the unique key) and result.json still names the version that ran.
            return false;
        }
    }

    public Task<int> RequeueRunningAsync(CancellationToken cancellationToken = default) =>
        // Only this node's jobs (and rows from before jobs named their node): other nodes' jobs are running there.
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx,
            "UPDATE jobs SET state=@queued, updated_at=@now WHERE state=@running AND (node_id IS NULL OR node_id=@node)",
            ("queued", (int)JobState.Queued), ("now", Now()), ("running", (int)JobState.Running), ("node", _nodeId)), cancellationToken);

    public Task<int> RequeueFromSilentNodesAsync(DateTimeOffset silentSince, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, """
            UPDATE jobs SET state=@queued, updated_at=@now
            WHERE state=@running AND node_id<>@node AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.node_id=jobs.node_id AND heartbeat_at>=@since)
            """,
            ("queued", (int)JobState.Queued), ("now", Now()), ("running", (int)JobState.Running), ("node", _nodeId),
            ("since", silentSince.ToUnixTimeMilliseconds())), cancellationToken);

    public Task<bool> ReplayJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            var replayed = await ExecuteAsync(c, tx, """
                UPDATE jobs SET state=@queued, attempts=0, updated_at=@now WHERE id=@id AND state IN (@dead, @failed, @done)
                """,
                ("queued", (int)JobState.Queued), ("now", Now()), ("id", jobId), ("dead", (int)JobState.Dead),
                ("failed", (int)JobState.Failed), ("done", (int)JobState.Done)).ConfigureAwait(false) == 1;
            if (replayed)
            {
                await AddToOutboxAsync(c, tx, "id=@id", ("id", jobId)).ConfigureAwait(false);
            }

            return replayed;
        }, cancellationToken);

    public Task<int> ReplayDeadJobsAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            await AddToOutboxAsync(c, tx, "state=@dead", ("dead", (int)JobState.Dead)).ConfigureAwait(false);
            return await ExecuteAsync(c, tx, "UPDATE jobs SET state=@queued, attempts=0, updated_at=@now WHERE state=@dead",
                ("queued", (int)JobState.Queued), ("now", Now()), ("dead", (int)JobState.Dead)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> GetOutboxAsync(int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<OutboxMessage>>(async (c, tx) => await QueryAsync(c, tx,
            "SELECT id, job_id, plugin_id, priority FROM queue_outbox ORDER BY id LIMIT @limit",
            r => new OutboxMessage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3)), ("limit", limit)).ConfigureAwait(false), cancellationToken);

    public Task<bool> RepublishAsync(long jobId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            var queued = await ScalarAsync<long>(c, tx, "SELECT COUNT(*) FROM jobs WHERE id=@id AND state=@queued", ("id", jobId), ("queued", (int)JobState.Queued)).ConfigureAwait(false) == 1;
            if (queued)
            {
                await AddToOutboxAsync(c, tx, "id=@id", ("id", jobId)).ConfigureAwait(false);
            }

            return queued;
        }, cancellationToken);

    public Task DeleteOutboxAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "DELETE FROM queue_outbox WHERE id = ANY(@ids)", ("ids", ids.ToArray())), cancellationToken);
    }

    public Task<bool> TakeOverJobAsync(long jobId, DateTimeOffset silentSince, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) => await ExecuteAsync(c, tx, """
            UPDATE jobs SET state=@queued, updated_at=@now
            WHERE id=@id AND state=@running AND node_id IS DISTINCT FROM @node
              AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.node_id=jobs.node_id AND heartbeat_at>=@since)
            """,
            ("queued", (int)JobState.Queued), ("now", Now()), ("id", jobId), ("running", (int)JobState.Running), ("node", _nodeId),
            ("since", silentSince.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1,
            cancellationToken);

    /// <summary>Outbox rows for the jobs <paramref name="where"/> selects, when the work queue is on.</summary>
    private async Task AddToOutboxAsync(NpgsqlConnection c, NpgsqlTransaction tx, string where, params (string Name, object? Value)[] parameters)
    {
        if (_queueOutbox)
        {
            await ExecuteAsync(c, tx, "INSERT INTO queue_outbox(job_id, plugin_id, priority, created_at) SELECT id, plugin_id, priority, @at FROM jobs WHERE " + where,
                [.. parameters, ("at", Now())]).ConfigureAwait(false);
        }
    }

    private async Task<WorkItemRecord> InsertWorkItemAsync(NpgsqlConnection c, NpgsqlTransaction tx, WorkItemKind kind, string key, int generation, string traceParent)
    {
        await ExecuteAsync(c, tx, """
            INSERT INTO work_items(kind, item_key, generation, state, created_at, trace_parent)
            VALUES(@kind, @key, @gen, @state, @now, @trace) ON CONFLICT DO NOTHING
            """,
            ("kind", (int)kind), ("key", key), ("gen", generation), ("state", (int)WorkItemState.Received),
            ("now", Now()), ("trace", traceParent)).ConfigureAwait(false);
        return (await QueryAsync(c, tx, WorkItemSelect + " WHERE kind=@kind AND item_key=@key AND generation=@gen", ReadWorkItem,
            ("kind", (int)kind), ("key", key), ("gen", generation)).ConfigureAwait(false)).Single();
    }

    private static WorkItemRecord ReadWorkItem(NpgsqlDataReader r) => new(
        r.GetInt64(0), (WorkItemKind)r.GetInt32(1), r.GetString(2), r.GetInt32(3), (WorkItemState)r.GetInt32(4),
        NullableString(r, 5), Millis(r, 6), r.GetString(7), NullableString(r, 8));

    private static JobRecord ReadJob(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), (WorkItemKind)r.GetInt32(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetString(6),
        r.GetInt32(7), (JobState)r.GetInt32(8), r.GetInt32(9), NullableString(r, 10), r.IsDBNull(11) ? null : r.GetInt64(11),
        NullableString(r, 12), Millis(r, 13), Millis(r, 14), r.GetString(15));
}
