namespace RadCnn.Host.Store;

/// <summary>
/// The durable record of everything the host accepted and did. Each method is one transaction: when
/// it returns, the change survives a crash. SQLite (<see cref="SqliteJobStore"/>) is the default for one
/// node; PostgreSQL (<see cref="PostgresJobStore"/>) is shared by the nodes of a cluster, so every method
/// must also be right when another node runs the same one at the same moment.
/// </summary>
internal interface IJobStore : IDisposable
{
    /// <summary>
    /// Records an instance whose bytes are already durable in the spool. Idempotent on the SOP Instance
    /// UID: identical bytes are a duplicate, different bytes replace the row. An added or replaced
    /// instance re-opens a series that was already complete (its generation goes up).
    /// </summary>
    Task<InstanceStoreResult> PutInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an instance whose file's content fsync (<paramref name="contentDurable"/>) may still be
    /// under way; completes once both the row and the content are durable, and fails (the row
    /// withdrawn) when the content's fsync fails. This default keeps the sequential order (the
    /// PostgreSQL store's): the content first, then the row. The SQLite store overlaps the two and
    /// keeps such rows checkable at start-up (<see cref="DropUnconfirmedInstancesAsync"/>).
    /// </summary>
    async Task<InstanceStoreResult> PutInstanceWhileFlushingAsync(InstanceRecord instance, Task contentDurable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentDurable);
        await contentDurable.ConfigureAwait(false);
        return await PutInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Start-up, before the spool's sweep: rows committed while their file's content was still on its
    /// way to the disk, and not confirmed since, are checked against their file; a row whose file is
    /// missing, short or not the recorded SHA-256 was never acknowledged (the response waits for the
    /// content) and is dropped. Returns how many were dropped. Nothing to check by default.
    /// </summary>
    Task<int> DropUnconfirmedInstancesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>
    /// Why an instance of <paramref name="patientHash"/> must not join the store: its SOP Instance UID or its
    /// series already belongs to another patient (the first one seen); null when it may.
    /// </summary>
    Task<string?> CheckIdentityAsync(string sopInstanceUid, string seriesInstanceUid, string patientHash, CancellationToken cancellationToken = default);

    /// <summary>Records an instance set aside for a patient conflict; returns its id.</summary>
    Task<long> RecordIdentityConflictAsync(IdentityConflictRecord conflict, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IdentityConflictRecord>> GetIdentityConflictsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<InstanceRecord>> GetInstancesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>The spool paths of the instance rows whose file lies directly in <paramref name="directory"/> (start-up: finding files no row names).</summary>
    Task<IReadOnlySet<string>> GetInstanceFilesInAsync(string directory, CancellationToken cancellationToken = default);

    Task<SeriesRecord?> GetSeriesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>Series still collecting instances: the assembler's state after a restart.</summary>
    Task<IReadOnlyList<SeriesRecord>> GetOpenSeriesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the series and creates its work item, if it is still open at <paramref name="expectedRevision"/>
    /// (no instance arrived since the assembler looked). Returns null otherwise.
    /// </summary>
    Task<WorkItemRecord?> CompleteSeriesAsync(string seriesInstanceUid, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>Records a report whose text is durable in the spool and creates its work item. Idempotent on the report id.</summary>
    Task<(WorkItemRecord WorkItem, bool Added)> PutReportAsync(ReportRecord report, CancellationToken cancellationToken = default);

    Task<ReportRecord?> GetReportAsync(string reportId, CancellationToken cancellationToken = default);

    Task<WorkItemRecord?> GetWorkItemAsync(long workItemId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkItemRecord>> GetWorkItemsAsync(WorkItemState state, CancellationToken cancellationToken = default);

    /// <summary>Creates the jobs routing chose (ignoring ones that exist) and marks the item routed; returns the item's jobs.</summary>
    Task<IReadOnlyList<JobRecord>> RouteWorkItemAsync(long workItemId, IReadOnlyList<JobRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>Records that no rule or plugin matched the item, with the reason; the item is kept, not lost.</summary>
    Task MarkUnroutedAsync(long workItemId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records which plugins declined the item and why (routed or not), so `radcnn status` and the dashboard show it.</summary>
    Task RecordDeclinedAsync(long workItemId, string declined, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Queued (and failed, awaiting retry) jobs, most urgent first.</summary>
    Task<IReadOnlyList<JobRecord>> GetRunnableJobsAsync(int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobRecord>> GetJobsAsync(JobState state, CancellationToken cancellationToken = default);

    /// <summary>Jobs matching the filter, newest first (the web dashboard's job list).</summary>
    Task<IReadOnlyList<JobRecord>> FindJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>Jobs queued or awaiting retry, per plugin id (the dashboard's queue depth per plugin).</summary>
    Task<IReadOnlyDictionary<string, long>> GetQueueDepthByPluginAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves a queued or failed job to running and counts the attempt; null if it is not runnable any more.</summary>
    Task<JobRecord?> StartJobAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: failed (will be retried) or dead (attempts used up).</summary>
    Task FailJobAsync(long jobId, string error, bool dead, CancellationToken cancellationToken = default);

    /// <summary>The job's plugin could not take it (not loaded, circuit open): back to queued, the attempt not counted.</summary>
    Task PostponeJobAsync(long jobId, string reason, CancellationToken cancellationToken = default);

    Task CompleteJobAsync(long jobId, string outputPath, CancellationToken cancellationToken = default);

    /// <summary>The plugin was replaced while the job waited: the row names the version that ran. False where another job already holds that version's key.</summary>
    Task<bool> RecordPluginVersionAsync(long jobId, string pluginVersion, CancellationToken cancellationToken = default);

    /// <summary>After a crash or on shutdown: this node's running jobs go back to queued. Returns how many.</summary>
    Task<int> RequeueRunningAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs running on other nodes that have not sent a heartbeat since <paramref name="silentSince"/> go back
    /// to queued (their attempt stays counted, as after a crash). Returns how many.
    /// </summary>
    Task<int> RequeueFromSilentNodesAsync(DateTimeOffset silentSince, CancellationToken cancellationToken = default);

    /// <summary>`radcnn replay`: a dead, failed or done job goes back to queued with its attempts reset.</summary>
    Task<bool> ReplayJobAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>`radcnn replay --dead`: every dead job goes back to queued. Returns how many.</summary>
    Task<int> ReplayDeadJobsAsync(CancellationToken cancellationToken = default);

    Task RecordDeliveryAsync(long jobId, string destination, string state, string? error, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string? state, CancellationToken cancellationToken = default);

    /// <summary>Failed deliveries (last failure before <paramref name="failedBefore"/>, or all) go back to pending. Returns how many.</summary>
    Task<int> ReplayFailedDeliveriesAsync(DateTimeOffset? failedBefore, CancellationToken cancellationToken = default);

    Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs whose queue message is not yet confirmed by the broker, oldest first. Rows are written (only when the
    /// store was opened with the work queue on) in the same transaction that creates or replays the job.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> GetOutboxAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>A queued job gets a new outbox row (its message was settled without running it, e.g. postponed). False when it is not queued.</summary>
    Task<bool> RepublishAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>The broker confirmed these messages.</summary>
    Task DeleteOutboxAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// The broker redelivered a job that another node was running (its connection or channel closed with the
    /// message unacknowledged): when that node has sent no heartbeat since <paramref name="silentSince"/>, the
    /// job goes back to queued, its attempt counted, so this node can start it. False when it is not running
    /// elsewhere or its node still beats (a live node whose channel closed is still running it).
    /// </summary>
    Task<bool> TakeOverJobAsync(long jobId, DateTimeOffset silentSince, CancellationToken cancellationToken = default);

    /// <summary>Creates or refreshes the node's row: its role, host and heartbeat time.</summary>
    Task RecordHeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default);

    /// <summary>Every node that ever registered, most recent heartbeat first.</summary>
    Task<IReadOnlyList<NodeRecord>> GetNodesAsync(CancellationToken cancellationToken = default);
}
