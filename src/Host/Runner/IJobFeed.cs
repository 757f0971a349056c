using RadCnn.Host.Store;

namespace RadCnn.Host.Runner;

/// <summary>
/// Where a worker's jobs come from when they do not come from polling the store: the RabbitMQ work queue.
/// Each job handed out is settled once the runner is through with it, after its result is committed.
/// </summary>
internal interface IJobFeed
{
    IAsyncEnumerable<JobRecord> ReadAllAsync(CancellationToken cancellationToken);

    Task SettleAsync(long jobId, JobOutcome outcome);
}
