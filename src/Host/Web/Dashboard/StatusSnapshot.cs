using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// What the overview shows, computed at most once a second however many dashboards poll: the
/// store's counts (one short query under the store's lock), throughput since the last computation,
/// the queue per plugin, the engine's device and latest batch sizes, the plugins' state and the
/// service's health file. Fifty open dashboards cost the ingest path one status query a second, not fifty.
/// </summary>
internal sealed class StatusSnapshot(IJobStore store, PipelinePaths paths, TimeProvider time, EngineActivity engine, PluginCatalog? catalog = null)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Overview? _current;
    private readonly Queue<(DateTimeOffset At, long Instances, long Done)> _samples = new();

    public async Task<Overview> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() - fresh.At < MaxAge)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && time.GetUtcNow() - again.At < MaxAge)
            {
                return again;
            }

            var status = await store.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var queueByPlugin = await store.GetQueueDepthByPluginAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var done = status.Jobs.GetValueOrDefault("Done");
            // Rates over the last ten seconds of samples (one per computation).
            _samples.Enqueue((now, status.Instances, done));
            while (_samples.Count > 1 && now - _samples.Peek().At > TimeSpan.FromSeconds(10))
            {
                _samples.Dequeue();
            }

            double instancesPerSecond = 0, jobsPerSecond = 0;
            var first = _samples.Peek();
            if (now > first.At)
            {
                var seconds = (now - first.At).TotalSeconds;
                instancesPerSecond = Math.Max(0, status.Instances - first.Instances) / seconds;
                jobsPerSecond = Math.Max(0, done - first.Done) / seconds;
            }

            var plugins = catalog?.GetStatus() ?? [];
            _current = new Overview(now, Health(), status, instancesPerSecond, jobsPerSecond,
                status.Jobs.GetValueOrDefault("Queued") + status.Jobs.GetValueOrDefault("Failed"), queueByPlugin, engine.Device, engine.MaxBatchSize, engine.Snapshot(), plugins);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>/health: the heartbeat file the service writes (no patient data, no counts beyond the queue).</summary>
    public HealthView Health()
    {
        var health = HealthSnapshot.Read(paths);
        var live = health is not null && !health.Stopped && time.GetUtcNow() - health.HeartbeatAt < TimeSpan.FromSeconds(30);
        return new HealthView(live, live && health!.Ready, health?.HeartbeatAt, health?.QueueDepth ?? 0, health?.Degraded ?? []);
    }

    internal sealed record HealthView(bool Live, bool Ready, DateTimeOffset? HeartbeatAt, long QueueDepth, IReadOnlyList<string> Degraded);

    internal sealed record Overview(DateTimeOffset At, HealthView Health, StoreStatus Store, double InstancesPerSecond, double JobsPerSecond, long QueueDepth,
        IReadOnlyDictionary<string, long> QueueByPlugin, string Device, int MaxBatchSize, IReadOnlyList<EngineActivity.ModelBatches> Batches, IReadOnlyList<PluginStatus> Plugins);
}
