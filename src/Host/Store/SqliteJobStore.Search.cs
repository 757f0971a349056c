namespace RadCnn.Host.Store;

/// <summary>Filtered job lists (the dashboard's job table) and the queue per plugin.</summary>
internal sealed partial class SqliteJobStore
{
    public Task<IReadOnlyList<JobRecord>> FindJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult<IReadOnlyList<JobRecord>>(Locked(() => Query(null, JobSelect + """
             WHERE ($state IS NULL OR state=$state) AND ($plugin IS NULL OR plugin_id=$plugin)
               AND ($since IS NULL OR updated_at >= $since) AND ($before IS NULL OR id < $before)
             ORDER BY id DESC LIMIT $limit
            """, ReadJob,
            ("$state", query.State is { } s ? (int)s : null), ("$plugin", query.PluginId), ("$since", query.UpdatedSince?.ToUnixTimeMilliseconds()),
            ("$before", query.BeforeId), ("$limit", Math.Clamp(query.Limit, 1, 1000)))));
    }

    public Task<IReadOnlyDictionary<string, long>> GetQueueDepthByPluginAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(Locked(() => Query(null,
            "SELECT plugin_id, COUNT(*) FROM jobs WHERE state IN ($queued, $failed) GROUP BY plugin_id", r => (r.GetString(0), r.GetInt64(1)),
            ("$queued", (int)JobState.Queued), ("$failed", (int)JobState.Failed)).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal)));
}
