using System.CommandLine;
using RadCnn.Host.Cli;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

/// <summary>`radcnn status --postgres` on a cluster's shared store lists every node with its role and heartbeat, and marks a silent one.</summary>
public sealed class StatusNodesTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Status_lists_the_nodes_of_a_shared_store_and_marks_a_silent_one()
    {
        var database = server.CreateDatabase();
        using (var store = await Host.Store.PostgresJobStore.OpenAsync(database, TimeProvider.System, "setup"))
        {
            var now = TimeProvider.System.GetUtcNow();
            await store.RecordHeartbeatAsync(new("ingest-1", "ingest", "host-a", 100, now.AddMinutes(-5), now));
            await store.RecordHeartbeatAsync(new("worker-1", "worker", "host-b", 200, now.AddMinutes(-5), now.AddMinutes(-2)));
        }

        using var dir = new TempDirectory();
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(["status", "--data-dir", dir.Path, "--postgres", database])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        var text = output.ToString();

        Assert.Equal(0, code);
        var ingest = Assert.Single(text.Split('\n'), l => l.Contains("ingest-1", StringComparison.Ordinal));
        Assert.Contains("(ingest) on host-a, pid 100", ingest, StringComparison.Ordinal);
        Assert.DoesNotContain("SILENT", ingest, StringComparison.Ordinal);
        var worker = Assert.Single(text.Split('\n'), l => l.Contains("worker-1", StringComparison.Ordinal));
        Assert.Contains("SILENT", worker, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_node_shows_the_health_of_the_data_directorys_health_file()
    {
        var database = server.CreateDatabase();
        var now = TimeProvider.System.GetUtcNow();
        using (var store = await Host.Store.PostgresJobStore.OpenAsync(database, TimeProvider.System, "setup"))
        {
            await store.RecordHeartbeatAsync(new("single", "all", Environment.MachineName, Environment.ProcessId, now.AddMinutes(-1), now));
        }

        using var dir = new TempDirectory();
        var snapshot = new Host.Telemetry.HealthSnapshot(Environment.ProcessId, now.AddMinutes(-1), now, Ready: true, Stopped: false, ListenerPort: 11112, QueueDepth: 0);
        File.WriteAllBytes(Path.Combine(dir.Path, "health.json"), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(snapshot, Host.Telemetry.HealthSnapshot.JsonOptions));
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(["status", "--data-dir", dir.Path, "--postgres", database])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(0, code);
        var node = Assert.Single(output.ToString().Split('\n'), l => l.StartsWith("node ", StringComparison.Ordinal));
        Assert.DoesNotContain("no health file", node, StringComparison.Ordinal);
        Assert.Contains("health: ", node, StringComparison.Ordinal);
    }
}
