using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RadCnn.Host.Cluster;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Cli;

/// <summary>`radcnn status`: counts of instances, series, reports, work items and jobs by state, deliveries, dead jobs, health.</summary>
internal sealed class StatusCommand : ICliCommand
{
    public Command Create()
    {
        var dataDir = new DataDirectoryOption();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("status", "Show what the pipeline holds: instances, series, jobs by state, queue depth, failed deliveries, plugins.")
        {
            dataDir.Option,
            dataDir.PostgresOption,
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var (paths, opened) = await dataDir.OpenStoreAsync(parse).ConfigureAwait(false);
            if (opened is null)
            {
                return 1;
            }

            using var store = opened;
            var status = await store.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var nodes = await store.GetNodesAsync(cancellationToken).ConfigureAwait(false);
            var now = TimeProvider.System.GetUtcNow();
            var health = HealthCommand.Read(paths);
            // A cluster node writes nodes/NODE.health.json; a single node (role all) the data directory's health.json.
            var nodeFiles = HealthCommand.ReadNodes(paths);
            HealthSnapshot? NodeHealth(NodeRecord node) =>
                nodeFiles.GetValueOrDefault(node.NodeId) ?? (string.Equals(node.Role, "all", StringComparison.OrdinalIgnoreCase) ? health : null);
            // Only running services' reports (a stopped one has unloaded everything): the single node's, and each cluster node's own.
            var live = PluginStatusFile.ReadAllLive(paths);
            var plugins = live.FirstOrDefault(s => s.NodeId is null);
            var nodePlugins = live.Where(s => s.NodeId is not null).ToDictionary(s => s.NodeId!, StringComparer.Ordinal);
            var queueDepth = status.Jobs.GetValueOrDefault("Queued") + status.Jobs.GetValueOrDefault("Failed");
            if (parse.GetValue(json))
            {
                var document = new
                {
                    dataDirectory = paths.DataDirectory,
                    status.Instances,
                    status.Series,
                    status.OpenSeries,
                    status.Reports,
                    workItems = status.WorkItems,
                    jobs = status.Jobs,
                    queueDepth,
                    deliveries = status.Deliveries,
                    failedDeliveries = status.FailedDeliveries,
                    deadJobs = status.DeadJobs.Select(j => new { j.Id, j.PluginId, j.PluginVersion, j.Attempts, j.LastError }),
                    identityConflicts = status.IdentityConflicts,
                    declined = (status.RecentDeclines ?? []).Select(w => new { workItemId = w.Id, kind = w.Kind.ToString(), state = w.State.ToString(), w.CreatedAt, w.Declined }),
                    service = health,
                    plugins,
                    nodes = nodes.Select(n => new
                    {
                        n.NodeId,
                        n.Role,
                        n.HostName,
                        n.ProcessId,
                        n.StartedAt,
                        n.HeartbeatAt,
                        heartbeatAgeSeconds = Math.Round((now - n.HeartbeatAt).TotalSeconds, 1),
                        silent = IsSilent(n, now),
                        health = NodeHealth(n),
                        plugins = nodePlugins.GetValueOrDefault(n.NodeId)?.Plugins,
                    }),
                };
                output.WriteLine(JsonSerializer.Serialize(document, HealthSnapshot.JsonOptions));
                return 0;
            }

            output.WriteLine($"data directory  {paths.DataDirectory}");
            output.WriteLine(health is null ? "service         not running (no health file)" : $"service         pid {health.ProcessId}, {(health.Ready ? "ready" : health.Stopped ? "stopped" : "starting")}, heartbeat {health.HeartbeatAt:u}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"instances       {status.Instances}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"series          {status.Series} ({status.OpenSeries} still collecting)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reports         {status.Reports}"));
            output.WriteLine($"work items      {Format(status.WorkItems)}");
            output.WriteLine($"jobs            {Format(status.Jobs)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queue depth     {queueDepth}"));
            output.WriteLine($"deliveries      {Format(status.Deliveries)}");
            foreach (var failed in status.FailedDeliveries)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  job {failed.JobId} to {failed.Destination}: {failed.LastError} ({failed.Attempts} tries)"));
            }

            foreach (var dead in status.DeadJobs)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dead job {dead.Id}: {dead.PluginId} {dead.PluginVersion}, {dead.Attempts} attempts: {dead.LastError}"));
            }

            foreach (var item in status.RecentDeclines ?? [])
            {
                // Kind and state only: the item's key is a series UID or report id, which stays out of the console.
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"work item {item.Id} ({item.Kind}, {item.State.ToString().ToLowerInvariant()}) at {item.CreatedAt:u}: {item.Declined}"));
            }

            var conflicts = status.IdentityConflicts ?? [];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quarantined     {conflicts.Count} instance(s) for a patient conflict{(conflicts.Count > 0 ? " (a person must decide; the first copy was kept)" : string.Empty)}"));
            foreach (var conflict in conflicts)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  instance {conflict.SopInstanceUid} from {conflict.CallingAe ?? conflict.Source} at {conflict.ReceivedAt:u}: {conflict.Reason}; kept at {conflict.QuarantinePath}"));
            }

            output.WriteLine($"plugins         {(plugins is null && nodePlugins.Count > 0 ? "per cluster node, below" : FormatPlugins(plugins))}");
            foreach (var node in nodes)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"node            {node.NodeId} ({node.Role}) on {node.HostName}, pid {node.ProcessId}, heartbeat {node.HeartbeatAt:u}, {(now - node.HeartbeatAt).TotalSeconds:0} s ago{(IsSilent(node, now) ? ", SILENT: its running jobs go to other workers" : string.Empty)}; health: {FormatHealth(NodeHealth(node), node, now)}"));
                if (nodePlugins.GetValueOrDefault(node.NodeId) is { } own)
                {
                    output.WriteLine($"  plugins       {FormatPlugins(own)}");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>A node's own health file as `radcnn health --node` judges it (a node on another host shows its file only when the data directory is shared).</summary>
    private static string FormatHealth(HealthSnapshot? snapshot, NodeRecord node, DateTimeOffset now)
    {
        if (snapshot is null)
        {
            return "no health file here";
        }

        var (healthy, reason) = HealthCommand.Evaluate(snapshot, requireReady: true, now, sameHost: node.HostName == Environment.MachineName);
        return healthy ? reason : "unhealthy: " + reason;
    }

    /// <summary>Silent as the workers judge it with the default settings (<see cref="ClusterOptions.SilentAfterSeconds"/>).</summary>
    private static bool IsSilent(NodeRecord node, DateTimeOffset now) =>
        (now - node.HeartbeatAt).TotalSeconds > new ClusterOptions().SilentAfterSeconds;

    private static string Format(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.ToLowerInvariant()} {c.Value}")));

    /// <summary>One "id version state" entry per plugin the running service reported, or why there is none.</summary>
    private static string FormatPlugins(PluginStatusFile.Snapshot? live)
    {
        if (live is null)
        {
            return "no running service (`radcnn plugins` checks the folders)";
        }

        var lines = live.Plugins.Select(p => p.Reason is null ? $"{p.Id} {p.Version} {p.State}" : $"{p.Id} {p.Version} {p.State} ({p.Reason})").ToList();
        return lines.Count == 0 ? "none installed" : string.Join("\n                ", lines);
    }
}
