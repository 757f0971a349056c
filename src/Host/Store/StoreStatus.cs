namespace RadCnn.Host.Store;

/// <summary>Counts for `radcnn status`: instances, series, reports, work items and jobs by state, deliveries, and the latest work items plugins declined.</summary>
internal sealed record StoreStatus(
    long Instances,
    long Series,
    long OpenSeries,
    long Reports,
    IReadOnlyDictionary<string, long> WorkItems,
    IReadOnlyDictionary<string, long> Jobs,
    IReadOnlyDictionary<string, long> Deliveries,
    IReadOnlyList<DeliveryRecord> FailedDeliveries,
    IReadOnlyList<JobRecord> DeadJobs,
    IReadOnlyList<IdentityConflictRecord>? IdentityConflicts = null,
    IReadOnlyList<WorkItemRecord>? RecentDeclines = null)
{
    /// <summary>How many of the latest work items with declining plugins status lists.</summary>
    public const int RecentDeclineLimit = 20;
}
