using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Store;

/// <summary>
/// The store contract on a real PostgreSQL server (one per class, an empty database per test), and what only
/// a server has: nodes starting together migrate once, a restart of the server loses nothing.
/// </summary>
public sealed class PostgresJobStoreTests(PostgresServer server) : JobStoreContractTests, IClassFixture<PostgresServer>
{
    private readonly string _connectionString = server.CreateDatabase();

    private protected override IJobStore Open(string nodeId) =>
        PostgresJobStore.OpenAsync(_connectionString, Time, nodeId).GetAwaiter().GetResult();

    [Fact]
    public async Task Nodes_starting_together_migrate_the_schema_once()
    {
        var fresh = server.CreateDatabase();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => PostgresJobStore.OpenAsync(fresh, Time, $"n{i}"))));
        foreach (var store in stores)
        {
            store.Dispose();
        }

        var versions = server.Psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version", Database(fresh));
        Assert.Equal(string.Join(',', Enumerable.Range(1, PostgresSchema.Latest)), versions);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        _ = await Store.GetNodesAsync();
        server.Psql($"INSERT INTO schema_version(version, description, applied_at) VALUES({PostgresSchema.Latest + 1}, 'from the future', 0)", Database(_connectionString));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresJobStore.OpenAsync(_connectionString, Time, "node-b"));
        Assert.Contains("newer than this RadCnn knows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_rides_out_a_server_crash_and_restart_and_loses_no_committed_row()
    {
        // The real clock: the store's retries wait on it while the server is down.
        using var store = await PostgresJobStore.OpenAsync(_connectionString, TimeProvider.System, "node-r");
        var first = await store.PutInstanceAsync(StoreTestData.Instance("1.1"));
        var item = (await store.CompleteSeriesAsync("1.2.3.1", first.SeriesRevision))!;
        var job = (await store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1)]))[0];

        server.Stop("immediate"); // a crash: no checkpoint, WAL replay at start
        var restart = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            server.Start();
        });
        var during = await store.PutInstanceAsync(StoreTestData.Instance("2.1", series: "1.2.3.2"));
        await restart;

        Assert.Equal(InstanceStoreOutcome.Added, during.Outcome);
        Assert.Equal(JobState.Queued, (await store.GetJobAsync(job.Id))!.State);
        var status = await store.GetStatusAsync();
        Assert.Equal(2, status.Instances);
        Assert.Equal(1, status.Jobs["Queued"]);
    }

    private static string Database(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
}
