using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Store;

/// <summary>Instance rows queued together share a transaction; each waiter still gets its own outcome or error.</summary>
public sealed class SqliteJobStoreGroupCommitTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-group");
    private readonly SqliteJobStore _store;

    public SqliteJobStoreGroupCommitTests() => _store = new SqliteJobStore(_dir.Combine("radcnn.db"), new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z")));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Two_hundred_concurrent_rows_share_a_few_commits_and_each_waiter_gets_its_own_outcome()
    {
        // Eight series, as eight associations would send them; the same instance twice is a duplicate.
        var puts = Enumerable.Range(0, 200).Select(i => _store.PutInstanceAsync(Instance($"1.{i}", series: $"1.2.3.{i % 8}"))).ToList();
        var again = _store.PutInstanceAsync(Instance("1.7", series: "1.2.3.7"));
        var results = await Task.WhenAll(puts);

        Assert.All(results, r => Assert.Equal(InstanceStoreOutcome.Added, r.Outcome));
        Assert.Equal(InstanceStoreOutcome.Duplicate, (await again).Outcome);
        for (var s = 0; s < 8; s++)
        {
            var series = (await _store.GetSeriesAsync($"1.2.3.{s}"))!;
            Assert.Equal(25, series.InstanceCount);
            // Every row bumped its series' revision once, in the order the rows were queued.
            Assert.Equal(Enumerable.Range(1, 25), results.Where((_, i) => i % 8 == s).Select(r => (int)r.SeriesRevision));
        }

        // All 201 were queued before the first commit's flush ended: at most 64 rows per transaction, so a handful of commits.
        Assert.InRange(_store.InstanceGroupCommits, 4, 20);
    }

    [Fact]
    public async Task A_failing_row_fails_only_its_own_waiter()
    {
        var before = _store.PutInstanceAsync(Instance("2.1"));
        var broken = _store.PutInstanceAsync(Instance("2.2") with { SopClassUid = null! });
        var after = _store.PutInstanceAsync(Instance("2.3"));

        Assert.Equal(InstanceStoreOutcome.Added, (await before).Outcome);
        await Assert.ThrowsAsync<SqliteException>(() => broken);
        Assert.Equal(InstanceStoreOutcome.Added, (await after).Outcome);
        Assert.Equal(["2.1", "2.3"], (await _store.GetInstancesAsync("1.2.3.1")).Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_replacement_under_another_file_name_reports_the_previous_file()
    {
        var first = await _store.PutInstanceAsync(Instance("3.1"));
        var moved = await _store.PutInstanceAsync(Instance("3.1", hash: "h2") with { SpoolPath = "/spool/received/other.dcm" });
        var samePlace = await _store.PutInstanceAsync(Instance("3.1", hash: "h3") with { SpoolPath = "/spool/received/other.dcm" });

        Assert.Null(first.PreviousSpoolPath);
        Assert.Equal(InstanceStoreOutcome.Replaced, moved.Outcome);
        Assert.Equal("/spool/3.1.dcm", moved.PreviousSpoolPath);
        Assert.Null(samePlace.PreviousSpoolPath);
    }

    [Fact]
    public async Task Files_no_row_names_are_found_in_the_received_folder()
    {
        var spool = new Spool(_dir.Combine("spool"));
        var kept = Path.Combine(spool.Received, "a.dcm");
        var orphan = Path.Combine(spool.Received, "b.dcm");
        await File.WriteAllTextAsync(kept, "x");
        await File.WriteAllTextAsync(orphan, "y");
        await _store.PutInstanceAsync(Instance("4.1") with { SpoolPath = kept });
        await _store.PutInstanceAsync(Instance("4.2") with { SpoolPath = Path.Combine(spool.Received + "x", "b.dcm") });

        var referenced = await _store.GetInstanceFilesInAsync(spool.Received);

        Assert.Equal([kept], referenced);
        Assert.Equal(1, spool.RemoveUnreferencedReceived(referenced));
        Assert.True(File.Exists(kept));
        Assert.False(File.Exists(orphan));
    }
}
