namespace RadCnn.Host.Store;

/// <summary>Filtered job lists (the dashboard's job table), the queue per plugin and the instance files of one spool folder.</summary>
internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<JobRecord>> FindJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return InTransactionAsync<IReadOnlyList<JobRecord>>(async (c, tx) => await QueryAsync(c, tx, JobSelect + """
             WHERE (@state::integer IS NULL OR state=@state::integer) AND (@plugin::text IS NULL OR plugin_id=@plugin::text)
               AND (@since::bigint IS NULL OR updated_at >= @since::bigint) AND (@before::bigint IS NULL OR id < @before::bigint)
             ORDER BY id DESC LIMIT @limit
            """, ReadJob,
            ("state", query.State is { } s ? (int)s : null), ("plugin", query.PluginId), ("since", query.UpdatedSince?.ToUnixTimeMilliseconds()),
            ("before", query.BeforeId), ("limit", Math.Clamp(query.Limit, 1, 1000))).ConfigureAwait(false), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> GetQueueDepthByPluginAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyDictionary<string, long>>(async (c, tx) => (await QueryAsync(c, tx,
                "SELECT plugin_id, COUNT(*) FROM jobs WHERE state IN (@queued, @failed) GROUP BY plugin_id", r => (r.GetString(0), r.GetInt64(1)),
                ("queued", (int)JobState.Queued), ("failed", (int)JobState.Failed)).ConfigureAwait(false))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal), cancellationToken);

    public Task<IReadOnlySet<string>> GetInstanceFilesInAsync(string directory, CancellationToken cancellationToken = default)
    {
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";

        // A range on the text (no LIKE escaping of the folder's name); files in sub-folders are filtered here.
        return InTransactionAsync<IReadOnlySet<string>>(async (c, tx) => (await QueryAsync(c, tx,
                "SELECT spool_path FROM instances WHERE spool_path >= @from COLLATE \"C\" AND spool_path < @to COLLATE \"C\"", r => r.GetString(0),
                ("from", prefix), ("to", prefix[..^1] + "0")).ConfigureAwait(false))
            .Where(p => p.IndexOf('/', prefix.Length) < 0)
            .ToHashSet(StringComparer.Ordinal), cancellationToken);
    }
}
