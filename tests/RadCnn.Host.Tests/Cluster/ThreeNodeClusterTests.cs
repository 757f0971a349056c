using System.Diagnostics;
using System.Globalization;
using System.Text;
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
/// </summary>
public sealed class ThreeNodeClusterTests(PostgresServer postgres, RabbitMqServer rabbit)
    : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-cluster");
    private readonly List<(string Name, Process Process, StringBuilder Log)> _nodes = [];

    public void Dispose()
    {
        foreach (var (_, process, _) in _nodes)
        {
            Peers.Kill(process, TimeSpan.FromSeconds(10));
            process.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task One_ingest_node_and_two_workers_process_every_series_once_through_a_RabbitMQ_outage_and_a_PostgreSQL_restart()
    {
        var database = postgres.CreateDatabase();
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy("NoOp", pluginsDir, "noop");
        var data = _dir.Combine("shared");
        var paths = PipelinePaths.For(data);
        Start("ingest-1", "ingest", data, pluginsDir, database);
        Start("worker-1", "worker", data, pluginsDir, database);
        Start("worker-2", "worker", data, pluginsDir, database);
        using var store = await PostgresJobStore.OpenAsync(database, TimeProvider.System, "test");
        await WaitUntilAsync(async () => (await store.GetNodesAsync()).Count == 3 && Directory.Exists(paths.Inbox), "all three nodes beat");

        // Each series: two instances, one job for the no-op plugin.
        DropSeries(paths, 6);
        await WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 6, "6 jobs done");

        // RabbitMQ away: the ingest node goes on taking files (and would acknowledge C-STOREs: both only need the
        // store); the jobs wait in the outbox and go out, and are done, once the broker is back.
        rabbit.Stop();
        DropSeries(paths, 4);
        await WaitUntilAsync(async () => (await store.GetOutboxAsync(10)).Count == 4, "4 jobs routed into the outbox while RabbitMQ is down");
        Assert.Empty(Directory.EnumerateFiles(paths.Inbox)); // every dropped file taken
        rabbit.Start();
        await WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 10, "10 jobs done after RabbitMQ returned");

        // PostgreSQL restarted under the running nodes: they reconnect and lose nothing.
        postgres.Stop();
        postgres.Start();
        DropSeries(paths, 2);
        await WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == 12, "12 jobs done after PostgreSQL restarted");
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

    private void Start(string name, string role, string data, string pluginsDir, string database)
    {
        var dll = typeof(ServiceHostBuilder).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            dll, "run", "--data-dir", data, "--port", Peers.FreeTcpPort().ToString(CultureInfo.InvariantCulture), "--plugins-dir", pluginsDir,
            "--RadCnn:Store:Provider=postgresql", $"--RadCnn:Store:ConnectionString={database}",
            "--RadCnn:Queue:Enabled=true", $"--RadCnn:Queue:Uri={rabbit.Uri}", "--RadCnn:Queue:RelayPollSeconds=0.1",
            $"--RadCnn:Cluster:Role={role}", $"--RadCnn:Cluster:NodeId={name}", "--RadCnn:Cluster:HeartbeatSeconds=1",
            "--RadCnn:Assembly:QuietPeriodSeconds=1", "--RadCnn:Storage:ReserveMegabytes=0",
            "--RadCnn:Inbox:ScanSeconds=0.5", "--RadCnn:Inbox:StableSeconds=0.5", "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TMPDIR"] = Directory.CreateDirectory(_dir.Combine("tmp")).FullName;
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes.Add((name, process, log));
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90) || _nodes.Any(n => n.Process.HasExited))
            {
                var logs = string.Join("\n", _nodes.Select(n => $"--- {n.Name} (exited: {n.Process.HasExited})\n{Tail(n.Log)}"));
                Assert.Fail($"not reached: {what}\n{logs}");
            }

            await Task.Delay(200);
        }
    }

    private static string Tail(StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length > 3000 ? text[^3000..] : text;
        }
    }
}
