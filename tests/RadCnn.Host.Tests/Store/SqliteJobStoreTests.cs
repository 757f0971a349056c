using Microsoft.Data.Sqlite;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Store;

/// <summary>The store contract on SQLite, and what only SQLite has: WAL mode, databases from before schema versions.</summary>
public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly TempDirectory _dir = new("radcnn-store");

    private string DatabasePath => _dir.Combine("radcnn.db");

    private protected override IJobStore Open(string nodeId) => new SqliteJobStore(DatabasePath, Time, nodeId);

    protected override void DisposeDatabase() => _dir.Dispose();

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        await RoutedJobAsync();
        Assert.True(File.Exists(_dir.Combine("radcnn.db-wal")));
    }

    [Fact]
    public async Task A_database_from_before_schema_versions_is_adopted_and_brought_forward_with_its_rows()
    {
        using (var legacy = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            legacy.Open();
            using var create = legacy.CreateCommand();
            create.CommandText = SqliteSchema.Migrations[0].Sql + """
                INSERT INTO work_items(kind, item_key, generation, state, created_at, trace_parent) VALUES(1, '1.2.3.9', 1, 2, 0, 't');
                INSERT INTO jobs(work_item_id, kind, item_key, generation, plugin_id, plugin_version, priority, state, created_at, updated_at, trace_parent)
                  VALUES(1, 1, '1.2.3.9', 1, 'p', '1.0.0', 1, 2, 0, 0, 't');
                """;
            create.ExecuteNonQuery();
        }

        // The old build's running job (no node named) is taken back by whichever node restarts.
        Assert.Equal(1, await Store.RequeueRunningAsync());
        Assert.Equal(JobState.Queued, (await Store.GetJobAsync(1))!.State);
        Assert.Equal(SqliteSchema.Latest, SchemaVersion());
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        _ = await Store.GetNodesAsync();
        Execute($"INSERT INTO schema_version(version, description, applied_at) VALUES({SqliteSchema.Latest + 1}, 'from the future', 0)");

        var refused = Assert.Throws<InvalidOperationException>(Reopen);
        Assert.Contains("newer than this RadCnn knows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_instance_count_kept_per_row_agrees_with_its_rows_through_duplicates_replacements_and_moves()
    {
        foreach (var sop in new[] { "1.1", "1.2", "1.3" })
        {
            await Store.PutInstanceAsync(Instance(sop));
        }

        Assert.Equal(InstanceStoreOutcome.Duplicate, (await Store.PutInstanceAsync(Instance("1.2"))).Outcome);
        Assert.Equal(InstanceStoreOutcome.Replaced, (await Store.PutInstanceAsync(Instance("1.2", hash: "h2"))).Outcome);
        // Sent again under another series: it leaves the first one, into an existing and into a new series.
        await Store.PutInstanceAsync(Instance("2.1", series: "1.2.3.2"));
        Assert.Equal(InstanceStoreOutcome.Replaced, (await Store.PutInstanceAsync(Instance("1.3", series: "1.2.3.2", hash: "h3"))).Outcome);
        // (The first instance of a series is reported Added, whatever it replaced.)
        await Store.PutInstanceAsync(Instance("1.1", series: "1.2.3.3", hash: "h4"));

        foreach (var (series, expected) in new[] { ("1.2.3.1", 1), ("1.2.3.2", 2), ("1.2.3.3", 1) })
        {
            Assert.Equal(expected, (await Store.GetSeriesAsync(series))!.InstanceCount);
            Assert.Equal(expected, (await Store.GetInstancesAsync(series)).Count);
        }
    }

    private int SchemaVersion()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return SqliteSchema.CurrentVersion(connection, null);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
