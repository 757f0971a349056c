using System.Diagnostics;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cluster;

/// <summary>
/// Faults while work is in flight in a cluster of `radcnn run` processes (one ingest node, workers, a private
/// PostgreSQL and RabbitMQ): a worker killed in the middle of its jobs, the broker away for 30 s while a
/// modality sends, the ingest node killed in the middle of an association. Each test says what was
/// acknowledged (to storescu, or taken from the inbox) and checks what came out: every acknowledged instance
/// stored, every series processed, each job finished once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFaultTests(PostgresServer postgres, RabbitMqServer rabbit)
    : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-cluster-faults");
    private ClusterNodes? _nodes;

    public void Dispose()
    {
        _nodes?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_worker_killed_mid_job_has_its_jobs_redelivered_and_finished_once_with_the_attempt_counted()
    {
        var (nodes, database, store) = await StartClusterAsync("Report", "report");
        // Each job takes 3 s on a worker, and each worker runs two at a time: worker-1 is killed once both of
        // its runners are busy, so the jobs it is in the middle of are known (it cannot start another meanwhile).
        nodes.Start("worker-1", "worker", "--Plugins:fixture.report:DelayMs=3000", "--RadCnn:Runner:Workers=2");
        nodes.Start("worker-2", "worker", "--Plugins:fixture.report:DelayMs=3000", "--RadCnn:Runner:Workers=2");
        await nodes.WaitUntilAsync(async () => (await store.GetNodesAsync()).Count == 3, "all three nodes beat");

        // Acknowledged: 6 radiograph series of 2 instances, every file taken from the ingest node's inbox.
        var series = DropSeries(nodes, 6, "CR");
        await nodes.WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(nodes.Paths.Inbox).Any()), "the inbox taken");
        string[] inFlight = [];
        await nodes.WaitUntilAsync(() => Task.FromResult((inFlight = RunningOn(database, "worker-1")).Length == 2), "worker-1 running two jobs");
        await nodes.KillAsync("worker-1");

        // Out: all 6 jobs done, once each; those worker-1 was running were redelivered to worker-2, which
        // finished them with worker-1's attempt counted.
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 6, "6 jobs done after worker-1 was killed");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second run would show now
        var status = await store.GetStatusAsync();
        Assert.Equal(12, status.Instances);
        Assert.Equal(6, status.Jobs.Values.Sum());
        var done = await store.GetJobsAsync(JobState.Done);
        Assert.Equal(series.Order(), done.Select(j => j.ItemKey).Order());
        foreach (var id in inFlight)
        {
            var job = Assert.Single(done, j => j.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(2, job.Attempts);
            Assert.Equal("worker-2", postgres.Psql($"SELECT node_id FROM jobs WHERE id={job.Id}", DatabaseName(database)));
            var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json")));
            Assert.Equal(2, result.Timings.Attempt);
        }

        Assert.All(done.Where(j => !inFlight.Contains(j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))), j => Assert.Equal(1, j.Attempts));
        Assert.Equal(done.Select(j => Path.GetFileName(j.OutputPath!)).Order(), Directory.GetDirectories(nodes.Paths.Outbox).Select(Path.GetFileName).Order());
        Assert.Empty(await store.GetOutboxAsync(10));
    }

    [Fact]
    public async Task With_RabbitMQ_stopped_for_30_seconds_the_ingest_node_keeps_acknowledging_and_the_outbox_publishes_later()
    {
        var (nodes, _, store) = await StartClusterAsync("NoOp", "noop");
        nodes.Start("worker-1", "worker");
        await nodes.WaitForListenerAsync("ingest-1");
        await nodes.WaitUntilAsync(async () => (await store.GetNodesAsync()).Count == 2, "both nodes beat");
        var study = TestStudy.NewUid();
        var before = Send(nodes, study, 1, 10).Single();
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 1, "the first series done");

        // Broker away for 30 s. Acknowledged meanwhile: 3 series of 10 instances, storescu told success for each.
        var down = Stopwatch.StartNew();
        rabbit.Stop();
        var during = Send(nodes, study, 3, 10);
        await nodes.WaitUntilAsync(async () => (await store.GetOutboxAsync(10)).Count == 3, "3 jobs waiting in the outbox");
        Assert.Single(await store.GetJobsAsync(JobState.Done)); // nothing ran without the broker
        await Task.Delay(TimeSpan.FromSeconds(30) - down.Elapsed);
        Assert.Equal(3, (await store.GetOutboxAsync(10)).Count);
        rabbit.Start();

        // Out: the outbox published, every series processed once, every acknowledged instance stored.
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 4, "4 jobs done after RabbitMQ returned");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(await store.GetOutboxAsync(10));
        var done = await store.GetJobsAsync(JobState.Done);
        Assert.Equal(during.Append(before).Order(), done.Select(j => j.ItemKey).Order());
        Assert.All(done, j => Assert.Equal(1, j.Attempts));
        Assert.Equal(4, (await store.GetStatusAsync()).Jobs.Values.Sum());
        foreach (var job in done)
        {
            Assert.Equal(10, (await store.GetInstancesAsync(job.ItemKey)).Count);
            Assert.Equal(10, ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json"))).Inputs.SopInstanceUids.Count);
        }
    }

    [Fact]
    public async Task The_ingest_node_killed_mid_association_loses_no_acknowledged_instance()
    {
        var (nodes, _, store) = await StartClusterAsync("NoOp", "noop");
        nodes.Start("worker-1", "worker");
        await nodes.WaitForListenerAsync("ingest-1");
        var study = TestStudy.NewUid();
        var series = Enumerable.Range(0, 3).Select(_ => TestStudy.NewUid()).ToList();
        var files = series.SelectMany(s => TestStudy.WriteSeries(_dir.Combine("source"), study, s, "OT", 60, size: 8)).ToList();
        var batches = files.Chunk(10).ToList();
        var acknowledged = new List<string>();
        var next = 0;
        var port = nodes.Port("ingest-1");

        // storescu sends association after association; the ingest node is SIGKILLed while they go on.
        var failedSend = 0;
        var sending = Task.Run(() =>
        {
            for (; next < batches.Count; next++)
            {
                var result = TestStudy.Storescu(port, batches[next]);
                if (result.ExitCode != 0)
                {
                    failedSend = result.ExitCode;
                    return;
                }

                lock (acknowledged)
                {
                    acknowledged.AddRange(batches[next]);
                }
            }
        });
        await nodes.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref next) >= 4 || sending.IsCompleted), "four associations acknowledged");
        await nodes.KillAsync("ingest-1");
        await sending;
        Assert.NotEqual(0, failedSend); // the association in flight (or the next) failed: nothing after the kill was acknowledged
        var acknowledgedBeforeKill = acknowledged.Count;
        Assert.InRange(acknowledgedBeforeKill, 40, files.Count - 10);

        // Restarted on the same port: the modality sends again what was not acknowledged.
        nodes.Start("ingest-1", "ingest");
        await nodes.WaitForListenerAsync("ingest-1");
        for (; next < batches.Count; next++)
        {
            var result = TestStudy.Storescu(port, batches[next]);
            Assert.True(result.ExitCode == 0, result.Combined);
            acknowledged.AddRange(batches[next]);
        }

        // Out: every instance acknowledged before the kill is stored and in its series' last result; each
        // (plugin version, series, generation) ran once.
        await nodes.WaitUntilAsync(async () => await AllProcessedAsync(store, series, 60), "every series processed whole");
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            stored.UnionWith((await store.GetInstancesAsync(s)).Select(i => i.SopInstanceUid));
        }

        var sopOf = files.ToDictionary(f => f, f => InstanceMetadataReader.Read(f).SopInstanceUid);
        Assert.All(acknowledged.Take(acknowledgedBeforeKill), f => Assert.Contains(sopOf[f], stored));
        Assert.Equal(files.Count, stored.Count);
        var done = await store.GetJobsAsync(JobState.Done);
        Assert.All(done.GroupBy(j => (j.PluginId, j.PluginVersion, j.ItemKey, j.Generation)), g => Assert.Single(g));
        foreach (var s in series)
        {
            var latest = (await store.GetSeriesAsync(s))!;
            var final = Assert.Single(done, j => j.ItemKey == s && j.Generation == latest.Generation);
            var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(final.OutputPath!, "result.json")));
            Assert.Equal(60, result.Inputs.SopInstanceUids.Count);
        }
    }

    private static async Task<bool> AllProcessedAsync(IJobStore store, IReadOnlyList<string> series, int perSeries)
    {
        var done = await store.GetJobsAsync(JobState.Done);
        foreach (var s in series)
        {
            var latest = await store.GetSeriesAsync(s);
            if (latest is null || latest.Open || latest.InstanceCount != perSeries || !done.Any(j => j.ItemKey == s && j.Generation == latest.Generation))
            {
                return false;
            }
        }

        return true;
    }

    private static string DatabaseName(string database) => new Npgsql.NpgsqlConnectionStringBuilder(database).Database!;

    private async Task<(ClusterNodes Nodes, string Database, IJobStore Store)> StartClusterAsync(string fixture, string folder)
    {
        var database = postgres.CreateDatabase();
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy(fixture, pluginsDir, folder);
        var nodes = _nodes = ClusterNodes.In(_dir, pluginsDir, database, rabbit);
        nodes.Start("ingest-1", "ingest");
        var store = await PostgresJobStore.OpenAsync(database, TimeProvider.System, "test");
        return (nodes, database, store);
    }

    private string[] RunningOn(string database, string node) =>
        postgres.Psql($"SELECT id FROM jobs WHERE state={(int)JobState.Running} AND node_id='{node}'", DatabaseName(database))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Series of two instances moved into the ingest node's inbox; their series UIDs.</summary>
    private List<string> DropSeries(ClusterNodes nodes, int count, string modality)
    {
        var study = TestStudy.NewUid();
        var uids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var uid = TestStudy.NewUid();
            uids.Add(uid);
            foreach (var file in TestStudy.WriteSeries(_dir.Combine("staging", uid[^8..]), study, uid, modality, 2, size: 8))
            {
                File.Move(file, Path.Combine(nodes.Paths.Inbox, Path.GetFileName(file)));
            }
        }

        return uids;
    }

    /// <summary>Series sent by storescu, one association each, every one acknowledged (exit 0); their series UIDs.</summary>
    private List<string> Send(ClusterNodes nodes, string study, int count, int instances)
    {
        var uids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var uid = TestStudy.NewUid();
            var result = TestStudy.Storescu(nodes.Port("ingest-1"), TestStudy.WriteSeries(_dir.Combine("source", uid[^8..]), study, uid, "OT", instances, size: 8));
            Assert.True(result.ExitCode == 0, result.Combined);
            uids.Add(uid);
        }

        return uids;
    }
}
