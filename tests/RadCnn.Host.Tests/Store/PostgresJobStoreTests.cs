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

    private static string Database(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
}
