using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Store;

public sealed class SqliteJobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-store");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private SqliteJobStore _store;

    public SqliteJobStoreTests() => _store = new SqliteJobStore(_dir.Combine("radcnn.db"), _time);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_resent_instance_replaces_and_identical_bytes_are_a_duplicate()
    {
        var first = await _store.PutInstanceAsync(Instance("1.1"));
        var same = await _store.PutInstanceAsync(Instance("1.1"));
        var changed = await _store.PutInstanceAsync(Instance("1.1", hash: "h2"));

        Assert.Equal(InstanceStoreOutcome.Added, first.Outcome);
        Assert.Equal(InstanceStoreOutcome.Duplicate, same.Outcome);
        Assert.Equal(InstanceStoreOutcome.Replaced, changed.Outcome);
        var rows = await _store.GetInstancesAsync("1.2.3.1");
        Assert.Single(rows);
        Assert.Equal("h2", rows[0].ContentHash);
        Assert.Equal(1, (await _store.GetSeriesAsync("1.2.3.1"))!.InstanceCount);
        Assert.Equal(first.SeriesRevision + 1, changed.SeriesRevision);
    }

    [Fact]
    public async Task A_series_completes_only_at_the_revision_the_assembler_saw()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var b = await _store.PutInstanceAsync(Instance("1.2"));

        Assert.Null(await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision));
        var item = await _store.CompleteSeriesAsync("1.2.3.1", b.SeriesRevision);

        Assert.NotNull(item);
        Assert.Equal(WorkItemKind.Series, item.Kind);
        Assert.Equal(1, item.Generation);
        Assert.Equal(b.TraceParent, item.TraceParent);
        Assert.Empty(await _store.GetOpenSeriesAsync());
        Assert.Null(await _store.CompleteSeriesAsync("1.2.3.1", b.SeriesRevision));
    }

    [Fact]
    public async Task A_late_instance_reopens_the_series_as_a_new_generation_whose_jobs_supersede()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var item1 = (await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs1 = await _store.RouteWorkItemAsync(item1.Id, [new JobRequest("p", "1.0.0", 1)]);
        await _store.StartJobAsync(jobs1[0].Id);
        await _store.CompleteJobAsync(jobs1[0].Id, "/outbox/1");

        var late = await _store.PutInstanceAsync(Instance("1.2"));
        var duplicate = await _store.PutInstanceAsync(Instance("1.1"));
        Assert.True(late.SeriesReopened);
        Assert.Equal(2, late.SeriesGeneration);
        Assert.NotEqual(a.TraceParent, late.TraceParent);
        Assert.False(duplicate.SeriesReopened);

        var item2 = (await _store.CompleteSeriesAsync("1.2.3.1", late.SeriesRevision))!;
        var jobs2 = await _store.RouteWorkItemAsync(item2.Id, [new JobRequest("p", "1.0.0", 1)]);
        Assert.Equal(2, item2.Generation);
        Assert.Equal(jobs1[0].Id, jobs2[0].SupersedesJobId);
        Assert.Null(jobs1[0].SupersedesJobId);
    }

    [Fact]
    public async Task A_job_still_waiting_when_its_series_completes_again_never_runs()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var item1 = (await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var waiting = (await _store.RouteWorkItemAsync(item1.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "1.0.0", 1)]))
            .ToDictionary(j => j.PluginId);
        await _store.StartJobAsync(waiting["q"].Id); // q is already running: it finishes, and its result is superseded later

        var late = await _store.PutInstanceAsync(Instance("1.2"));
        var item2 = (await _store.CompleteSeriesAsync("1.2.3.1", late.SeriesRevision))!;
        var jobs2 = (await _store.RouteWorkItemAsync(item2.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "1.0.0", 1)]))
            .ToDictionary(j => j.PluginId);

        var p1 = (await _store.GetJobAsync(waiting["p"].Id))!;
        Assert.Equal(JobState.Superseded, p1.State);
        Assert.Contains("generation 2", p1.LastError, StringComparison.Ordinal);
        Assert.Null(await _store.StartJobAsync(p1.Id));
        Assert.Null(jobs2["p"].SupersedesJobId); // nothing delivered to supersede
        Assert.Equal(JobState.Running, (await _store.GetJobAsync(waiting["q"].Id))!.State);
        Assert.Equal(waiting["q"].Id, jobs2["q"].SupersedesJobId);
        Assert.DoesNotContain(await _store.GetRunnableJobsAsync(10), j => j.Generation == 1);
    }

    [Fact]
    public async Task A_job_records_the_plugin_version_that_ran_unless_that_version_has_its_own_job()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var item = (await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs = await _store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("p", "1.1.0", 1), new JobRequest("r", "1.0.0", 1)]);

        Assert.True(await _store.RecordPluginVersionAsync(jobs[2].Id, "2.0.0"));
        Assert.Equal("2.0.0", (await _store.GetJobAsync(jobs[2].Id))!.PluginVersion);
        Assert.False(await _store.RecordPluginVersionAsync(jobs[0].Id, "1.1.0"));
        Assert.Equal("1.0.0", (await _store.GetJobAsync(jobs[0].Id))!.PluginVersion);
    }

    [Fact]
    public async Task Routing_twice_creates_each_plugin_version_job_once()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var item = (await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;

        await _store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "2.0.0", 0)]);
        var again = await _store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("p", "1.1.0", 1)]);

        Assert.Equal(3, again.Count);
        var runnable = await _store.GetRunnableJobsAsync(10);
        Assert.Equal("q", runnable[0].PluginId); // stat first
        Assert.Equal(WorkItemState.Routed, (await _store.GetWorkItemAsync(item.Id))!.State);
    }

    [Fact]
    public async Task Jobs_move_through_their_states_and_running_ones_go_back_to_queued_after_a_crash()
    {
        var job = await RoutedJobAsync();

        var started = await _store.StartJobAsync(job.Id);
        Assert.Equal(JobState.Running, started!.State);
        Assert.Equal(1, started.Attempts);
        Assert.Null(await _store.StartJobAsync(job.Id));

        // Simulate a crash: a new store over the same file, as after a restart.
        _store.Dispose();
        _store = new SqliteJobStore(_dir.Combine("radcnn.db"), _time);
        Assert.Equal(1, await _store.RequeueRunningAsync());
        Assert.Equal(JobState.Queued, (await _store.GetJobAsync(job.Id))!.State);

        await _store.StartJobAsync(job.Id);
        await _store.FailJobAsync(job.Id, "boom", dead: false);
        Assert.Equal(JobState.Failed, (await _store.GetJobAsync(job.Id))!.State);
        Assert.Single(await _store.GetRunnableJobsAsync(10));
        var third = await _store.StartJobAsync(job.Id);
        Assert.Equal(3, third!.Attempts); // the attempt the crash interrupted counts: a job that kills the host must die eventually
        await _store.FailJobAsync(job.Id, "boom again", dead: true);

        var dead = (await _store.GetJobAsync(job.Id))!;
        Assert.Equal(JobState.Dead, dead.State);
        Assert.Equal("boom again", dead.LastError);
        Assert.Empty(await _store.GetRunnableJobsAsync(10));

        Assert.Equal(1, await _store.ReplayDeadJobsAsync());
        var replayed = (await _store.GetJobAsync(job.Id))!;
        Assert.Equal(JobState.Queued, replayed.State);
        Assert.Equal(0, replayed.Attempts);

        await _store.StartJobAsync(job.Id);
        await _store.CompleteJobAsync(job.Id, "/outbox/1");
        Assert.Equal("/outbox/1", (await _store.GetJobAsync(job.Id))!.OutputPath);
        Assert.True(await _store.ReplayJobAsync(job.Id));
    }

    [Fact]
    public async Task Reports_are_idempotent_on_their_id_and_unrouted_items_are_kept()
    {
        var report = new ReportRecord("msg-1", "ctpa", "hl7", "/spool/r.hl7", "h", "{}", _time.GetUtcNow());
        var (item, added) = await _store.PutReportAsync(report);
        var (again, addedAgain) = await _store.PutReportAsync(report);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(item.Id, again.Id);
        Assert.Equal("ctpa", (await _store.GetReportAsync("msg-1"))!.Kind);
        Assert.Single(await _store.GetWorkItemsAsync(WorkItemState.Received));

        await _store.MarkUnroutedAsync(item.Id, "no rule matched");
        var unrouted = Assert.Single(await _store.GetWorkItemsAsync(WorkItemState.Unrouted));
        Assert.Equal("no rule matched", unrouted.UnroutedReason);
    }

    [Fact]
    public async Task Status_counts_everything_and_lists_failed_deliveries()
    {
        var job = await RoutedJobAsync();
        await _store.RecordDeliveryAsync(job.Id, "PACS@host:104", "failed", "connection refused");

        var status = await _store.GetStatusAsync();

        Assert.Equal(1, status.Instances);
        Assert.Equal(1, status.Series);
        Assert.Equal(1, status.Jobs["Queued"]);
        Assert.Equal(1, status.Deliveries["failed"]);
        Assert.Equal("connection refused", Assert.Single(status.FailedDeliveries).LastError);
    }

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        await RoutedJobAsync();
        Assert.True(File.Exists(_dir.Combine("radcnn.db-wal")));
    }

    private async Task<JobRecord> RoutedJobAsync()
    {
        var a = await _store.PutInstanceAsync(Instance("1.1"));
        var item = (await _store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        return (await _store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1)]))[0];
    }
}
