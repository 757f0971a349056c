using Microsoft.Extensions.Logging;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Cluster;

/// <summary>
/// Writes this node's heartbeat into the shared store, and on a node that runs jobs puts back into the queue
/// the jobs of nodes that stopped beating (killed, powered off, cut off), so another worker finishes them.
/// A silent node's attempt stays counted, as after a crash, so a job that kills every worker ends dead.
/// </summary>
internal sealed partial class NodeHeartbeat(IJobStore store, ClusterOptions options, JobRunner runner, TimeProvider time, ILogger<NodeHeartbeat> log)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.HeartbeatSeconds), time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a missed beat is logged; the next tick tries again (the store retries transient failures itself)
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                HeartbeatFailed(log, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One beat: the node's row, then (on a worker) the sweep for silent nodes' jobs.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.RecordHeartbeatAsync(new NodeRecord(options.EffectiveNodeId, options.Role.ToString().ToLowerInvariant(),
            Environment.MachineName, Environment.ProcessId, _started, now), cancellationToken).ConfigureAwait(false);
        if (options.Works)
        {
            var requeued = await store.RequeueFromSilentNodesAsync(now.AddSeconds(-options.SilentAfterSeconds), cancellationToken).ConfigureAwait(false);
            if (requeued > 0)
            {
                TookOver(log, requeued, options.SilentAfterSeconds);
                runner.Wake();
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Count} job(s) of nodes silent for over {Seconds} s went back to the queue")]
    private static partial void TookOver(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Heartbeat not recorded: {ErrorType}")]
    private static partial void HeartbeatFailed(ILogger logger, string errorType);
}
