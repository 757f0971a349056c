using System.Text.Json;
using RadCnn.Host.Cluster;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// Liveness and readiness for `radcnn health` and systemd: the service rewrites health.json in the
/// data directory every few seconds (atomically). Live = a fresh heartbeat; ready = recovery done
/// and the listener bound, and no plugin quarantined (a quarantined one is listed as degraded). A cluster
/// node shares its data directory with the others, so it writes its own file, nodes/NODE.health.json. The
/// plugin states `radcnn plugins` shows live are written beside it the same way, after every change.
/// </summary>
internal sealed class HealthReporter(PipelinePaths paths, TimeProvider time, PluginCatalog? catalog = null, ClusterOptions? cluster = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly DateTimeOffset _started = time.GetUtcNow();
    private volatile bool _ready;
    private volatile bool _stopped;
    private int? _port;
    private Func<long> _queueDepth = () => 0;
    // Rewritten by the catalog's Changed event; null without a catalog.
    private readonly PluginStatusFile? _pluginStatus = WatchPlugins(paths, time, catalog, cluster);

    /// <summary>Where this node's health goes: health.json for a single node, nodes/NODE.health.json in a cluster.</summary>
    public string FilePath { get; } = NodeIdOf(cluster) is { } node ? paths.NodeHealthFile(node) : paths.HealthFile;

    /// <summary>The cluster node this process is, null for a single node (role all), which keeps the data directory's own files.</summary>
    private static string? NodeIdOf(ClusterOptions? cluster) => cluster is { Role: not ClusterRole.All } ? cluster.EffectiveNodeId : null;

    private static PluginStatusFile? WatchPlugins(PipelinePaths paths, TimeProvider time, PluginCatalog? catalog, ClusterOptions? cluster)
    {
        if (catalog is null)
        {
            return null;
        }

        var file = PluginStatusFile.For(paths, NodeIdOf(cluster), time);
        catalog.Changed += (_, _) => file.Write(catalog);
        return file;
    }

    public void Ready(int? listenerPort, Func<long> queueDepth)
    {
        _port = listenerPort;
        _queueDepth = queueDepth;
        _ready = true;
        Write();
    }

    public void Stopped()
    {
        _stopped = true;
        _ready = false;
        Write();
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Write();
        }
    }

    private void Write()
    {
        var degraded = catalog?.GetStatus()
            .Where(s => s.State == PluginStatus.Quarantined)
            .Select(s => $"plugin {s.Id} {s.Version} quarantined: {s.Reason}")
            .ToList();
        var snapshot = new HealthSnapshot(Environment.ProcessId, _started, time.GetUtcNow(), _ready, _stopped, _port, _queueDepth(), degraded,
            NodeIdOf(cluster), cluster?.Role.ToString().ToLowerInvariant());
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            DurableFile.WriteAsync(FilePath, JsonSerializer.SerializeToUtf8Bytes(snapshot, HealthSnapshot.JsonOptions)).GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            // A full disk must not stop the service; the stale heartbeat shows the problem.
        }
    }
}
