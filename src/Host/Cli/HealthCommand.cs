using System.CommandLine;
using System.Diagnostics;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn health [--data-dir DIR] [--node ID] [--ready]`: exit 0 when the service is alive (fresh heartbeat, process
/// running) and, with --ready, ready for work and not degraded (no plugin quarantined); 1 otherwise. For systemd, container probes and monitoring.
/// A cluster node is named with --node (its own health file in the shared data directory).
/// </summary>
internal sealed class HealthCommand : ICliCommand
{
    public Command Create()
    {
        var dataDir = new DataDirectoryOption();
        var ready = new Option<bool>("--ready") { Description = "Also require readiness (recovered and listening)." };
        var node = new Option<string?>("--node") { Description = "A cluster node's id (RadCnn:Cluster:NodeId): its own health file in the shared data directory." };
        var command = new Command("health", "Liveness (and with --ready, readiness) of the running service; exit 0 when healthy.")
        {
            dataDir.Option,
            ready,
            node,
        };
        command.SetAction(parse =>
        {
            var paths = dataDir.Paths(parse);
            var nodeId = parse.GetValue(node);
            if (nodeId is not null && !IsNodeId(nodeId))
            {
                parse.InvocationConfiguration.Error.WriteLine("--node: letters, digits, '.', '_' or '-' only");
                return 2;
            }

            var snapshot = nodeId is null ? Read(paths) : HealthSnapshot.ReadFile(paths.NodeHealthFile(nodeId));
            var (healthy, reason) = Evaluate(snapshot, parse.GetValue(ready), DateTimeOffset.UtcNow);
            parse.InvocationConfiguration.Output.WriteLine(healthy ? $"healthy: {reason}" : $"unhealthy: {reason}");
            return healthy ? 0 : 1;
        });
        return command;
    }

    public static HealthSnapshot? Read(PipelinePaths paths) => HealthSnapshot.Read(paths);

    /// <summary>Every cluster node's health file in the data directory (nodes/*.health.json), by node id.</summary>
    public static IReadOnlyDictionary<string, HealthSnapshot> ReadNodes(PipelinePaths paths) => HealthSnapshot.ReadNodes(paths);

    private static bool IsNodeId(string id) =>
        id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Healthy or why not; <paramref name="sameHost"/> false for a node on another host, whose process id means nothing here.</summary>
    public static (bool Healthy, string Reason) Evaluate(HealthSnapshot? snapshot, bool requireReady, DateTimeOffset now, bool sameHost = true)
    {
        if (snapshot is null)
        {
            return (false, "no health file: the service is not running here");
        }

        if (snapshot.Stopped)
        {
            return (false, "the service stopped");
        }

        var age = now - snapshot.HeartbeatAt;
        if (age > 5 * HealthReporter.Interval)
        {
            return (false, $"last heartbeat {age.TotalSeconds:0} s ago");
        }

        if (sameHost && !ProcessAlive(snapshot.ProcessId))
        {
            return (false, $"process {snapshot.ProcessId} is gone");
        }

        if (requireReady && !snapshot.Ready)
        {
            return (false, "alive but still starting");
        }

        var degraded = snapshot.Degraded is { Count: > 0 } reasons ? "degraded: " + string.Join("; ", reasons) : null;
        if (requireReady && degraded is not null)
        {
            return (false, degraded);
        }

        return (true, $"pid {snapshot.ProcessId}, {(snapshot.Ready ? "ready" : "starting")}, queue depth {snapshot.QueueDepth}{(degraded is null ? string.Empty : ", " + degraded)}");
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
