namespace RadCnn.Host.Store;

/// <summary>
/// A job waiting to be published to the work queue. Written in the transaction that queues the job, deleted
/// once the broker confirmed the message: a job is never committed without its message, nor published uncommitted.
/// </summary>
internal sealed record OutboxMessage(long Id, long JobId, string PluginId, int Priority);
