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
    public async Task Eight_concurrent_senders_share_commits_and_each_waiter_gets_its_own_outcome()
    {
        // Eight threads, as eight associations would send: each its own series of 25, one row at a time,
        // waiting for each row's commit as an association waits before its response.
        using var start = new ManualResetEventSlim();
        var results = new InstanceStoreResult[200];
        var senders = Enumerable.Range(0, 8).Select(s => new Thread(() =>
        {
            start.Wait();
            for (var j = 0; j < 25; j++)
            {
                var i = j * 8 + s;
                results[i] = _store.PutInstanceAsync(Instance($"1.{i}", series: $"1.2.3.{s}")).GetAwaiter().GetResult();
            }
        })).ToList();
        senders.ForEach(t => t.Start());
        start.Set();
        senders.ForEach(t => t.Join());
        var again = await _store.PutInstanceAsync(Instance("1.7", series: "1.2.3.7"));

        Assert.All(results, r => Assert.Equal(InstanceStoreOutcome.Added, r.Outcome));
        Assert.Equal(InstanceStoreOutcome.Duplicate, again.Outcome);
        for (var s = 0; s < 8; s++)
        {
            var series = (await _store.GetSeriesAsync($"1.2.3.{s}"))!;
            Assert.Equal(25, series.InstanceCount);
            // Every row bumped its series' revision once, in the order its sender sent them.
            Assert.Equal(Enumerable.Range(1, 25), results.Where((_, i) => i % 8 == s).Select(r => (int)r.SeriesRevision));
        }

        // Rows queued while another sender's commit was on its way to the disk went into one later
        // commit: far fewer transactions than rows (one per row without grouping; 25 at the least,
        // as each sender waits for its own row before the next).
        Assert.InRange(_store.InstanceGroupCommits, 25, 150);
    }

    [Fact]
    public async Task A_lone_row_is_committed_on_the_callers_thread_before_the_put_returns()
    {
        var put = _store.PutInstanceAsync(Instance("5.1"));

        // No committer thread to wake and be woken by: the commit (and its flush) ran inside the call.
        Assert.True(put.IsCompletedSuccessfully);
        Assert.Equal(InstanceStoreOutcome.Added, (await put).Outcome);
        Assert.Equal(1, _store.InstanceGroupCommits);
        Assert.Equal(["5.1"], (await _store.GetInstancesAsync("1.2.3.1")).Select(i => i.SopInstanceUid));
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
