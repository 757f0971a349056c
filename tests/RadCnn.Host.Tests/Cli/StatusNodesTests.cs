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
}
