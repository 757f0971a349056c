using System.CommandLine;
using RadCnn.Host.Cli;
using RadCnn.Host.Plugins;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cluster;

/// <summary>
/// Three `radcnn run` processes on one machine, as the README sets them up: one ingest node and two workers
/// sharing a private PostgreSQL, a private RabbitMQ and one data directory. Series dropped into the ingest
/// node's inbox are each processed exactly once, by a worker, also when RabbitMQ is stopped meanwhile (the
/// ingest node keeps taking them, the outbox publishes later) and when PostgreSQL restarts under the nodes.
/// Each node writes its own health file in the shared data directory, and `radcnn status` shows all three.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ThreeNodeClusterTests(PostgresServer postgres, RabbitMqServer rabbit)
    : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-cluster");
    private ClusterNodes? _nodes;

    public void Dispose()
    {
        _nodes?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task One_ingest_node_and_two_workers_process_every_series_once_through_a_RabbitMQ_outage_and_a_PostgreSQL_restart()
    {
        var database = postgres.CreateDatabase();
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy("NoOp", pluginsDir, "noop");
        var nodes = _nodes = ClusterNodes.In(_dir, pluginsDir, database, rabbit);
        var paths = nodes.Paths;
        nodes.Start("ingest-1", "ingest");
        nodes.Start("worker-1", "worker");
        nodes.Start("worker-2", "worker");
        using var store = await PostgresJobStore.OpenAsync(database, TimeProvider.System, "test");
        await nodes.WaitForListenerAsync("ingest-1");
        await nodes.WaitUntilAsync(async () => (await store.GetNodesAsync()).Count == 3 && Directory.Exists(paths.Inbox), "all three nodes beat");

        // Each series: two instances, one job for the no-op plugin.
        DropSeries(paths, 6);
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 6, "6 jobs done");

        // RabbitMQ away: the ingest node goes on taking files (and would acknowledge C-STOREs: both only need the
        // store); the jobs wait in the outbox and go out, and are done, once the broker is back.
        rabbit.Stop();
        DropSeries(paths, 4);
        await nodes.WaitUntilAsync(async () => (await store.GetOutboxAsync(10)).Count == 4, "4 jobs routed into the outbox while RabbitMQ is down");
        Assert.Empty(Directory.EnumerateFiles(paths.Inbox)); // every dropped file taken
        rabbit.Start();
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 10, "10 jobs done after RabbitMQ returned");

        // PostgreSQL restarted under the running nodes: they reconnect and lose nothing.
        postgres.Stop();
        postgres.Start();
        DropSeries(paths, 2);
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 12, "12 jobs done after PostgreSQL restarted");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate run would show now

        var status = await store.GetStatusAsync();
        Assert.Equal(24, status.Instances);
        Assert.Equal(12, status.Jobs["Done"]);
        Assert.Equal(12, status.Jobs.Values.Sum());
        Assert.All(await store.GetJobsAsync(JobState.Done), j => Assert.Equal(1, j.Attempts));
        var ranOn = postgres.Psql("SELECT string_agg(DISTINCT node_id, ',' ORDER BY node_id) FROM jobs", new Npgsql.NpgsqlConnectionStringBuilder(database).Database!);
        Assert.DoesNotContain("ingest", ranOn, StringComparison.Ordinal);
        Assert.Empty(await store.GetOutboxAsync(10));
        Assert.Equal(12, Directory.GetDirectories(paths.Outbox).Length);
        Assert.Equal(["ingest", "worker", "worker"], (await store.GetNodesAsync()).Select(n => n.Role).Order());

        // Each node's own health file, none overwriting another's; no single-node health.json in a cluster.
        await nodes.WaitUntilAsync(() => Task.FromResult(nodes.Names.All(n => File.Exists(paths.NodeHealthFile(n)))), "a health file per node");
        Assert.False(File.Exists(paths.HealthFile));
        var health = HealthCommand.ReadNodes(paths);
        Assert.Equal(["ingest-1", "worker-1", "worker-2"], health.Keys);
        Assert.All(health, h => Assert.Equal(nodes.ProcessId(h.Key), h.Value.ProcessId));
        Assert.Equal(["ingest", "worker", "worker"], health.Values.Select(h => h.Role!).Order());

        // The same for plugin states: each worker's own live view, none in the single-node file.
        var pluginViews = PluginStatusFile.ReadAllLive(paths);
        Assert.Superset(new HashSet<string> { "worker-1", "worker-2" }, pluginViews.Select(v => v.NodeId!).ToHashSet());
        Assert.All(pluginViews, v => Assert.Equal(nodes.ProcessId(v.NodeId!), v.ProcessId));
        Assert.False(File.Exists(PluginStatusFile.DefaultPath(paths.DataDirectory)));

        // `radcnn status` shows all three nodes, each with its heartbeat in the store and its own health file.
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(["status", "--data-dir", paths.DataDirectory, "--postgres", database])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        Assert.True(code == 0, output.ToString());
        foreach (var name in nodes.Names)
        {
            var line = Assert.Single(output.ToString().Split('\n'), l => l.StartsWith("node ", StringComparison.Ordinal) && l.Contains($" {name} (", StringComparison.Ordinal));
            Assert.Contains($"pid {nodes.ProcessId(name)}", line, StringComparison.Ordinal);
            Assert.Contains("health: pid", line, StringComparison.Ordinal);
            Assert.Contains("ready", line, StringComparison.Ordinal);
        }

        // `radcnn health --node` checks one node's own file: each running node is healthy and ready, an unknown one is not.
        foreach (var name in nodes.Names)
        {
            using var said = new StringWriter();
            var healthy = await CliApplication.BuildRootCommand().Parse(["health", "--data-dir", paths.DataDirectory, "--node", name, "--ready"])
                .InvokeAsync(new InvocationConfiguration { Output = said, Error = said });
            Assert.True(healthy == 0, $"{name}: {said}");
            Assert.Contains($"pid {nodes.ProcessId(name)}", said.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, await CliApplication.BuildRootCommand().Parse(["health", "--data-dir", paths.DataDirectory, "--node", "worker-9"]).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }));
        Assert.Equal(2, await CliApplication.BuildRootCommand().Parse(["health", "--data-dir", paths.DataDirectory, "--node", "../health"]).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }));
    }

    private void DropSeries(PipelinePaths paths, int count)
    {
        var study = TestStudy.NewUid();
        for (var i = 0; i < count; i++)
        {
            var staging = _dir.Combine("staging", Guid.NewGuid().ToString("N"));
            foreach (var file in TestStudy.WriteSeries(staging, study, TestStudy.NewUid(), "OT", 2, size: 8))
            {
                File.Move(file, Path.Combine(paths.Inbox, Path.GetFileName(file)));
            }
        }
    }
}
