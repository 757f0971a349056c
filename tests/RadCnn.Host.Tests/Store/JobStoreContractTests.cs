using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.Store;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Store;

/// <summary>
/// What every job store must do, run against each provider (<see cref="SqliteJobStoreTests"/>,
/// <see cref="PostgresJobStoreTests"/>): the same rules whether one node uses SQLite or a cluster shares PostgreSQL.
/// </summary>
public abstract class JobStoreContractTests : IDisposable
{
    private readonly List<IJobStore> _opened = [];
    private IJobStore? _store;

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    /// <summary>The store of node "node-a", opened on first use.</summary>
    private protected IJobStore Store => _store ??= Track(Open("node-a"));

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        DisposeDatabase();
        GC.SuppressFinalize(this);
    }

    /// <summary>A store over this test's database as node <paramref name="nodeId"/>.</summary>
    private protected abstract IJobStore Open(string nodeId);

    protected virtual void DisposeDatabase()
    {
    }

    /// <summary>A second node on the same database.</summary>
    private protected IJobStore OpenNode(string nodeId) => Track(Open(nodeId));

    /// <summary>As after a crash and restart: the store is closed and opened again over the same database.</summary>
    protected void Reopen()
    {
        _store?.Dispose();
        _opened.Remove(_store!);
        _store = Track(Open("node-a"));
    }

    private IJobStore Track(IJobStore store)
    {
        _opened.Add(store);
        return store;
    }

    [Fact]
    public async Task A_resent_instance_replaces_and_identical_bytes_are_a_duplicate()
    {
        var first = await Store.PutInstanceAsync(Instance("1.1"));
        var same = await Store.PutInstanceAsync(Instance("1.1"));
        var changed = await Store.PutInstanceAsync(Instance("1.1", hash: "h2"));

        Assert.Equal(InstanceStoreOutcome.Added, first.Outcome);
        Assert.Equal(InstanceStoreOutcome.Duplicate, same.Outcome);
        Assert.Equal(InstanceStoreOutcome.Replaced, changed.Outcome);
        var rows = await Store.GetInstancesAsync("1.2.3.1");
        Assert.Single(rows);
        Assert.Equal("h2", rows[0].ContentHash);
        Assert.Equal(1, (await Store.GetSeriesAsync("1.2.3.1"))!.InstanceCount);
        Assert.Equal(first.SeriesRevision + 1, changed.SeriesRevision);
    }

    [Fact]
    public async Task A_series_completes_only_at_the_revision_the_assembler_saw()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var b = await Store.PutInstanceAsync(Instance("1.2"));

        Assert.Null(await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision));
        var item = await Store.CompleteSeriesAsync("1.2.3.1", b.SeriesRevision);

        Assert.NotNull(item);
        Assert.Equal(WorkItemKind.Series, item.Kind);
        Assert.Equal(1, item.Generation);
        Assert.Equal(b.TraceParent, item.TraceParent);
        Assert.Empty(await Store.GetOpenSeriesAsync());
        Assert.Null(await Store.CompleteSeriesAsync("1.2.3.1", b.SeriesRevision));
    }

    [Fact]
    public async Task A_late_instance_reopens_the_series_as_a_new_generation_whose_jobs_supersede()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item1 = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs1 = await Store.RouteWorkItemAsync(item1.Id, [new JobRequest("p", "1.0.0", 1)]);
        await Store.StartJobAsync(jobs1[0].Id);
        await Store.CompleteJobAsync(jobs1[0].Id, "/outbox/1");

        var late = await Store.PutInstanceAsync(Instance("1.2"));
        var duplicate = await Store.PutInstanceAsync(Instance("1.1"));
        Assert.True(late.SeriesReopened);
        Assert.Equal(2, late.SeriesGeneration);
        Assert.NotEqual(a.TraceParent, late.TraceParent);
        Assert.False(duplicate.SeriesReopened);

        var item2 = (await Store.CompleteSeriesAsync("1.2.3.1", late.SeriesRevision))!;
        var jobs2 = await Store.RouteWorkItemAsync(item2.Id, [new JobRequest("p", "1.0.0", 1)]);
        Assert.Equal(2, item2.Generation);
        Assert.Equal(jobs1[0].Id, jobs2[0].SupersedesJobId);
        Assert.Null(jobs1[0].SupersedesJobId);
    }

    [Fact]
    public async Task A_job_still_waiting_when_its_series_completes_again_never_runs()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item1 = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var waiting = (await Store.RouteWorkItemAsync(item1.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "1.0.0", 1)]))
            .ToDictionary(j => j.PluginId);
        await Store.StartJobAsync(waiting["q"].Id); // q is already running: it finishes, and its result is superseded later

        var late = await Store.PutInstanceAsync(Instance("1.2"));
        var item2 = (await Store.CompleteSeriesAsync("1.2.3.1", late.SeriesRevision))!;
        var jobs2 = (await Store.RouteWorkItemAsync(item2.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "1.0.0", 1)]))
            .ToDictionary(j => j.PluginId);

        var p1 = (await Store.GetJobAsync(waiting["p"].Id))!;
        Assert.Equal(JobState.Superseded, p1.State);
        Assert.Contains("generation 2", p1.LastError, StringComparison.Ordinal);
        Assert.Null(await Store.StartJobAsync(p1.Id));
        Assert.Null(jobs2["p"].SupersedesJobId); // nothing delivered to supersede
        Assert.Equal(JobState.Running, (await Store.GetJobAsync(waiting["q"].Id))!.State);
        Assert.Equal(waiting["q"].Id, jobs2["q"].SupersedesJobId);
        Assert.DoesNotContain(await Store.GetRunnableJobsAsync(10), j => j.Generation == 1);
    }

    [Fact]
    public async Task A_job_records_the_plugin_version_that_ran_unless_that_version_has_its_own_job()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs = await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("p", "1.1.0", 1), new JobRequest("r", "1.0.0", 1)]);

        Assert.True(await Store.RecordPluginVersionAsync(jobs[2].Id, "2.0.0"));
        Assert.Equal("2.0.0", (await Store.GetJobAsync(jobs[2].Id))!.PluginVersion);
        Assert.False(await Store.RecordPluginVersionAsync(jobs[0].Id, "1.1.0"));
        Assert.Equal("1.0.0", (await Store.GetJobAsync(jobs[0].Id))!.PluginVersion);
    }

    [Fact]
    public async Task Routing_twice_creates_each_plugin_version_job_once()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;

        await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "2.0.0", 0)]);
        var again = await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("p", "1.1.0", 1)]);

        Assert.Equal(3, again.Count);
        var runnable = await Store.GetRunnableJobsAsync(10);
        Assert.Equal("q", runnable[0].PluginId); // stat first
        Assert.Equal(WorkItemState.Routed, (await Store.GetWorkItemAsync(item.Id))!.State);
    }

    [Fact]
    public async Task Jobs_move_through_their_states_and_running_ones_go_back_to_queued_after_a_crash()
    {
        var job = await RoutedJobAsync();

        var started = await Store.StartJobAsync(job.Id);
        Assert.Equal(JobState.Running, started!.State);
        Assert.Equal(1, started.Attempts);
        Assert.Null(await Store.StartJobAsync(job.Id));

        // Simulate a crash: a new store over the same file, as after a restart.
        Reopen();
        Assert.Equal(1, await Store.RequeueRunningAsync());
        Assert.Equal(JobState.Queued, (await Store.GetJobAsync(job.Id))!.State);

        await Store.StartJobAsync(job.Id);
        await Store.FailJobAsync(job.Id, "boom", dead: false);
        Assert.Equal(JobState.Failed, (await Store.GetJobAsync(job.Id))!.State);
        Assert.Single(await Store.GetRunnableJobsAsync(10));
        var third = await Store.StartJobAsync(job.Id);
        Assert.Equal(3, third!.Attempts); // the attempt the crash interrupted counts: a job that kills the host must die eventually
        await Store.FailJobAsync(job.Id, "boom again", dead: true);

        var dead = (await Store.GetJobAsync(job.Id))!;
        Assert.Equal(JobState.Dead, dead.State);
        Assert.Equal("boom again", dead.LastError);
        Assert.Empty(await Store.GetRunnableJobsAsync(10));

        Assert.Equal(1, await Store.ReplayDeadJobsAsync());
        var replayed = (await Store.GetJobAsync(job.Id))!;
        Assert.Equal(JobState.Queued, replayed.State);
        Assert.Equal(0, replayed.Attempts);

        await Store.StartJobAsync(job.Id);
        await Store.CompleteJobAsync(job.Id, "/outbox/1");
        Assert.Equal("/outbox/1", (await Store.GetJobAsync(job.Id))!.OutputPath);
        Assert.True(await Store.ReplayJobAsync(job.Id));
    }

    [Fact]
    public async Task An_instance_of_another_patient_is_set_aside_in_the_commit_itself_even_when_the_early_check_passed()
    {
        // Both senders asked before either was stored, so both were told there is no conflict.
        Assert.Null(await Store.CheckIdentityAsync("3.1", "1.2.3.1", "patient-a"));
        Assert.Null(await Store.CheckIdentityAsync("3.1", "1.2.3.1", "patient-b"));
        var first = await Store.PutInstanceAsync(Instance("3.1") with { PatientHash = "patient-a", SpoolPath = "/spool/a.dcm" });
        var sameUid = await Store.PutInstanceAsync(Instance("3.1", hash: "h2") with { PatientHash = "patient-b", SpoolPath = "/spool/b.dcm" });
        var sameSeries = await Store.PutInstanceAsync(Instance("3.2", hash: "h3") with { PatientHash = "patient-b", SpoolPath = "/spool/c.dcm" });

        Assert.Equal(InstanceStoreOutcome.Added, first.Outcome);
        Assert.Equal(InstanceStoreOutcome.Quarantined, sameUid.Outcome);
        Assert.Equal(PatientIdentityRule.SopTaken, sameUid.ConflictReason);
        Assert.Equal(InstanceStoreOutcome.Quarantined, sameSeries.Outcome);
        Assert.Equal(PatientIdentityRule.SeriesTaken, sameSeries.ConflictReason);

        // The first patient's copy is the one stored, and the series counts only it.
        Assert.Equal(["/spool/a.dcm"], await Store.GetInstanceFilesInAsync("/spool"));
        Assert.Equal(1, (await Store.GetSeriesAsync("1.2.3.1"))!.InstanceCount);
        Assert.Equal(InstanceStoreOutcome.Duplicate, (await Store.PutInstanceAsync(Instance("3.1") with { PatientHash = "patient-a", SpoolPath = "/spool/a2.dcm" })).Outcome);
    }

    [Fact]
    public async Task Jobs_are_found_by_state_and_plugin_newest_first_and_paged()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs = await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "2.0.0", 1), new JobRequest("r", "1.0.0", 1)]);
        var ordered = jobs.OrderBy(j => j.Id).ToList();
        await Store.StartJobAsync(ordered[1].Id);

        Assert.Equal(ordered.Select(j => j.Id).Reverse(), (await Store.FindJobsAsync(new JobQuery())).Select(j => j.Id));
        Assert.Equal([ordered[1].Id], (await Store.FindJobsAsync(new JobQuery(State: JobState.Running))).Select(j => j.Id));
        Assert.Equal("r", Assert.Single(await Store.FindJobsAsync(new JobQuery(PluginId: "r"))).PluginId);
        Assert.Equal([ordered[1].Id, ordered[0].Id], (await Store.FindJobsAsync(new JobQuery(BeforeId: ordered[2].Id))).Select(j => j.Id));
        Assert.Single(await Store.FindJobsAsync(new JobQuery(Limit: 1)));
        Assert.Empty(await Store.FindJobsAsync(new JobQuery(UpdatedSince: Time.GetUtcNow().AddMinutes(1))));
    }

    [Fact]
    public async Task The_queue_per_plugin_counts_queued_jobs_and_failed_ones_awaiting_retry_but_not_running_or_dead_ones()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs = (await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "2.0.0", 1), new JobRequest("r", "1.0.0", 1), new JobRequest("s", "1.0.0", 1)]))
            .ToDictionary(j => j.PluginId);
        await Store.StartJobAsync(jobs["q"].Id);
        await Store.StartJobAsync(jobs["r"].Id);
        await Store.FailJobAsync(jobs["r"].Id, "IOException: busy", dead: false);
        await Store.StartJobAsync(jobs["s"].Id);
        await Store.FailJobAsync(jobs["s"].Id, "IOException: gone", dead: true);

        var queue = await Store.GetQueueDepthByPluginAsync();
        Assert.Equal(new Dictionary<string, long> { ["p"] = 1, ["r"] = 1 }, queue.OrderBy(p => p.Key).ToDictionary());
    }

    [Fact]
    public async Task The_instance_files_of_one_folder_are_listed_without_those_of_its_sub_folders_or_look_alike_folders()
    {
        var folder = Path.Combine(Path.GetTempPath(), "radcnn-contract", "received");
        await Store.PutInstanceAsync(Instance("2.1") with { SpoolPath = Path.Combine(folder, "a.dcm") });
        await Store.PutInstanceAsync(Instance("2.2") with { SpoolPath = Path.Combine(folder, "b.dcm") });
        await Store.PutInstanceAsync(Instance("2.3") with { SpoolPath = Path.Combine(folder, "sub", "c.dcm") });
        await Store.PutInstanceAsync(Instance("2.4") with { SpoolPath = folder + "-other/d.dcm" });
        await Store.PutInstanceAsync(Instance("2.5") with { SpoolPath = folder + "0/e.dcm" });

        var files = await Store.GetInstanceFilesInAsync(folder + "/");

        Assert.Equal([Path.Combine(folder, "a.dcm"), Path.Combine(folder, "b.dcm")], files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reports_are_idempotent_on_their_id_and_unrouted_items_are_kept()
    {
        var report = new ReportRecord("msg-1", "ctpa", "hl7", "/spool/r.hl7", "h", "{}", Time.GetUtcNow());
        var (item, added) = await Store.PutReportAsync(report);
        var (again, addedAgain) = await Store.PutReportAsync(report);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(item.Id, again.Id);
        Assert.Equal("ctpa", (await Store.GetReportAsync("msg-1"))!.Kind);
        Assert.Single(await Store.GetWorkItemsAsync(WorkItemState.Received));

        await Store.MarkUnroutedAsync(item.Id, "no rule matched");
        var unrouted = Assert.Single(await Store.GetWorkItemsAsync(WorkItemState.Unrouted));
        Assert.Equal("no rule matched", unrouted.UnroutedReason);
    }

    [Fact]
    public async Task Why_plugins_declined_an_item_is_kept_with_it_routed_or_not_and_status_lists_the_latest()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var series = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var (report, _) = await Store.PutReportAsync(new ReportRecord("msg-1", "ctpa", "hl7", "/spool/r.hl7", "h", "{}", Time.GetUtcNow()));
        var (quiet, _) = await Store.PutReportAsync(new ReportRecord("msg-2", "ctpa", "hl7", "/spool/r2.hl7", "h2", "{}", Time.GetUtcNow()));
        Assert.Null((await Store.GetWorkItemAsync(series.Id))!.Declined);

        await Store.RouteWorkItemAsync(series.Id, [new JobRequest("p", "1.0.0", 1)]);
        await Store.RecordDeclinedAsync(series.Id, "declined by q 2.0.0: modality CT is not among the manifest's modalities (CR, DX)");
        await Store.MarkUnroutedAsync(report.Id, "rules matched but no loaded plugin accepts the report kind 'ctpa'");
        await Store.RecordDeclinedAsync(report.Id, "declined by p 1.0.0: the manifest accepts no reports");
        await Store.MarkUnroutedAsync(quiet.Id, "no routing rule matched the report kind 'ctpa'");

        var routed = (await Store.GetWorkItemAsync(series.Id))!;
        Assert.Equal(WorkItemState.Routed, routed.State);
        Assert.Equal("declined by q 2.0.0: modality CT is not among the manifest's modalities (CR, DX)", routed.Declined);
        var unrouted = (await Store.GetWorkItemAsync(report.Id))!;
        Assert.Equal(WorkItemState.Unrouted, unrouted.State);
        Assert.Equal("declined by p 1.0.0: the manifest accepts no reports", unrouted.Declined);
        Assert.Null((await Store.GetWorkItemAsync(quiet.Id))!.Declined);

        // Newest first, and only items a plugin declined.
        var status = await Store.GetStatusAsync();
        Assert.Equal([report.Id, series.Id], status.RecentDeclines!.Select(w => w.Id));
        Assert.Equal("declined by p 1.0.0: the manifest accepts no reports", status.RecentDeclines![0].Declined);
    }

    [Fact]
    public async Task Status_counts_everything_and_lists_failed_deliveries()
    {
        var job = await RoutedJobAsync();
        await Store.RecordDeliveryAsync(job.Id, "PACS@host:104", "failed", "connection refused");

        var status = await Store.GetStatusAsync();

        Assert.Equal(1, status.Instances);
        Assert.Equal(1, status.Series);
        Assert.Equal(1, status.Jobs["Queued"]);
        Assert.Equal(1, status.Deliveries["failed"]);
        Assert.Equal("connection refused", Assert.Single(status.FailedDeliveries).LastError);
    }

    [Fact]
    public async Task A_delivery_counts_its_tries_not_its_state_changes()
    {
        var job = await RoutedJobAsync();
        await Store.RecordDeliveryAsync(job.Id, "PACS@host:104", "pending", null);
        Assert.Equal(0, Assert.Single(await Store.GetDeliveriesAsync(null)).Attempts);

        await Store.RecordDeliveryAsync(job.Id, "PACS@host:104", "failed", "connection refused");
        await Store.ReplayFailedDeliveriesAsync(null);
        await Store.RecordDeliveryAsync(job.Id, "PACS@host:104", "pending", null);
        await Store.RecordDeliveryAsync(job.Id, "PACS@host:104", "sent", null);

        var delivery = Assert.Single(await Store.GetDeliveriesAsync(null));
        Assert.Equal("sent", delivery.State);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public async Task Two_nodes_storing_one_series_at_once_count_every_instance_and_complete_it_once()
    {
        var other = OpenNode("node-b");
        var nodes = new[] { Store, other };
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => nodes[i % 2].PutInstanceAsync(Instance($"1.{i}")))));

        var series = (await other.GetSeriesAsync("1.2.3.1"))!;
        Assert.Equal(40, series.InstanceCount);
        Assert.Equal(40, series.Revision);
        Assert.Equal(1, series.Generation);

        var completed = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.CompleteSeriesAsync("1.2.3.1", series.Revision))));
        Assert.Single(completed, c => c is not null);
        Assert.Single(await Store.GetWorkItemsAsync(WorkItemState.Received));
    }

    [Fact]
    public async Task Only_one_of_two_nodes_starts_a_job()
    {
        var job = await RoutedJobAsync();
        var other = OpenNode("node-b");

        var started = await Task.WhenAll(new[] { Store, other }.Select(n => Task.Run(() => n.StartJobAsync(job.Id))));

        var winner = Assert.Single(started, s => s is not null)!;
        Assert.Equal(1, winner.Attempts);
    }

    [Fact]
    public async Task A_node_requeues_its_own_running_jobs_and_a_silent_nodes_jobs_only_once_it_is_silent()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        var jobs = (await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1), new JobRequest("q", "1.0.0", 1)])).ToDictionary(j => j.PluginId);
        var other = OpenNode("node-b");
        await Store.StartJobAsync(jobs["p"].Id);
        await other.StartJobAsync(jobs["q"].Id);
        await other.RecordHeartbeatAsync(new NodeRecord("node-b", "worker", "host-b", 42, Time.GetUtcNow(), Time.GetUtcNow()));

        Assert.Equal(1, await Store.RequeueRunningAsync()); // node-a restarting takes back p, not node-b's q
        Assert.Equal(JobState.Queued, (await Store.GetJobAsync(jobs["p"].Id))!.State);
        Assert.Equal(JobState.Running, (await Store.GetJobAsync(jobs["q"].Id))!.State);
        Assert.Equal(0, await Store.RequeueFromSilentNodesAsync(Time.GetUtcNow().AddSeconds(-30)));

        Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await Store.RequeueFromSilentNodesAsync(Time.GetUtcNow().AddSeconds(-30)));
        var q = (await Store.GetJobAsync(jobs["q"].Id))!;
        Assert.Equal(JobState.Queued, q.State);
        Assert.Equal(1, q.Attempts); // the attempt the dead node used still counts
    }

    [Fact]
    public async Task A_redelivered_job_is_taken_over_only_once_its_node_is_silent()
    {
        var job = await RoutedJobAsync();
        var other = OpenNode("node-b");
        await other.StartJobAsync(job.Id);
        await other.RecordHeartbeatAsync(new NodeRecord("node-b", "worker", "host-b", 42, Time.GetUtcNow(), Time.GetUtcNow()));

        // node-b still beats (its channel closed, the process lives on and is running the job): not taken.
        Assert.False(await Store.TakeOverJobAsync(job.Id, Time.GetUtcNow().AddSeconds(-30)));
        Assert.False(await other.TakeOverJobAsync(job.Id, Time.GetUtcNow().AddSeconds(60))); // never from itself
        Assert.Equal(JobState.Running, (await Store.GetJobAsync(job.Id))!.State);

        Time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(await Store.TakeOverJobAsync(job.Id, Time.GetUtcNow().AddSeconds(-30)));
        var taken = (await Store.GetJobAsync(job.Id))!;
        Assert.Equal(JobState.Queued, taken.State);
        Assert.Equal(1, taken.Attempts); // node-b's attempt stays counted
        Assert.False(await Store.TakeOverJobAsync(job.Id, Time.GetUtcNow().AddSeconds(-30))); // queued now, not running
    }

    [Fact]
    public async Task Nodes_are_listed_with_their_latest_heartbeat()
    {
        var started = Time.GetUtcNow();
        await Store.RecordHeartbeatAsync(new NodeRecord("ingest-1", "ingest", "host-a", 10, started, started));
        await Store.RecordHeartbeatAsync(new NodeRecord("worker-1", "worker", "host-b", 11, started, started));
        Time.Advance(TimeSpan.FromSeconds(5));
        await Store.RecordHeartbeatAsync(new NodeRecord("ingest-1", "ingest", "host-a", 10, started, Time.GetUtcNow()));

        var nodes = await OpenNode("reader").GetNodesAsync();

        Assert.Equal(["ingest-1", "worker-1"], nodes.Select(n => n.NodeId));
        Assert.Equal(Time.GetUtcNow(), nodes[0].HeartbeatAt);
        Assert.Equal(started, nodes[1].HeartbeatAt);
        Assert.Equal("worker", nodes[1].Role);
    }

    private protected async Task<JobRecord> RoutedJobAsync()
    {
        var a = await Store.PutInstanceAsync(Instance("1.1"));
        var item = (await Store.CompleteSeriesAsync("1.2.3.1", a.SeriesRevision))!;
        return (await Store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", 1)]))[0];
    }
}
