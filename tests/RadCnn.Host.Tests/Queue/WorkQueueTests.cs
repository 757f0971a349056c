using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Cluster;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Queue;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Queue;

/// <summary>
/// The work queue on a real RabbitMQ broker and a real PostgreSQL store shared by an ingest node and two
/// workers in this process: outbox relay with confirms, redelivery after a worker dies, priorities, dead letters.
/// Each test uses its own database and its own plugin id (so its own queues).
/// </summary>
public sealed class WorkQueueTests : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly PostgresServer _postgres;
    private readonly RabbitMqServer _rabbit;
    private readonly string _database;
    private readonly string _plugin = "p" + Guid.NewGuid().ToString("N")[..8];
    private readonly QueueOptions _queue;
    private readonly RunnerOptions _runner = new() { Workers = 1, QueueCapacity = 1, MaxAttempts = 3, RetryDelaySeconds = 0.01, PollSeconds = 0.05, PostponeSeconds = 0.05 };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Func<ValueTask>> _cleanup = [];
    private readonly List<Task> _running = [];

    public WorkQueueTests(PostgresServer postgres, RabbitMqServer rabbit)
    {
        _postgres = postgres;
        _rabbit = rabbit;
        _database = postgres.CreateDatabase();
        _queue = new QueueOptions { Enabled = true, Uri = rabbit.Uri.ToString(), RelayPollSeconds = 0.05 };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 never calls a test class's DisposeAsync, and a consumer left
    // running from one test takes the next test's dead letters (job ids repeat across the tests' databases).
    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_running), Task.Delay(TimeSpan.FromSeconds(20)));
        foreach (var cleanup in _cleanup)
        {
            await cleanup();
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task Jobs_routed_while_RabbitMQ_is_down_wait_in_the_outbox_and_then_run_once_each_across_two_workers()
    {
        var ingest = await StoreAsync("ingest");
        _rabbit.Stop();
        List<long> ids;
        try
        {
            ids = await RouteAsync(ingest, Enumerable.Range(0, 8).Select(i => 1).ToArray());
            StartRelay(ingest);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(8, (await ingest.GetOutboxAsync(100)).Count); // committed, acknowledged upstream, waiting for the broker
        }
        finally
        {
            _rabbit.Start();
        }

        var handler = new RecordingHandler(TimeSpan.FromMilliseconds(30));
        await StartWorkerAsync("worker-1", handler);
        await StartWorkerAsync("worker-2", handler);
        await WaitAsync(async () => (await ingest.GetJobsAsync(JobState.Done)).Count == 8);

        Assert.Equal(ids.Order(), handler.Calls.Keys.Order());
        Assert.All(handler.Calls.Values, calls => Assert.Equal(1, calls));
        Assert.Empty(await ingest.GetOutboxAsync(100));
        Assert.All(await ingest.GetJobsAsync(JobState.Done), j => Assert.Equal(1, j.Attempts));
    }

    [Fact]
    public async Task A_worker_that_dies_mid_job_has_it_redelivered_to_another_that_finishes_it_once_with_both_attempts_counted()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var id = (await RouteAsync(ingest, 1)).Single();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new RecordingHandler(TimeSpan.Zero, onStart: () => started.TrySetResult(), hang: true);
        var doomed = await StartWorkerAsync("worker-1", stuck);
        await started.Task.WaitAsync(Patience);
        Assert.Equal(JobState.Running, (await ingest.GetJobAsync(id))!.State);

        var survivor = new RecordingHandler(TimeSpan.Zero);
        await StartWorkerAsync("worker-2", survivor);
        await doomed.DisposeAsync(); // the broker sees worker-1's connection go, as when the process is killed
        await WaitAsync(async () => (await ingest.GetJobAsync(id))!.State == JobState.Done);

        var done = (await ingest.GetJobAsync(id))!;
        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, survivor.Calls[id]);
        Assert.Equal($"out/{id}", done.OutputPath);
    }

    [Fact]
    public async Task A_worker_whose_channel_the_broker_closes_keeps_its_running_job_runs_it_once_and_takes_the_next()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var first = (await RouteAsync(ingest, 1)).Single();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker1 = new RecordingHandler(TimeSpan.Zero, onStart: () => started.TrySetResult(), gate: gate.Task);
        var feed = await StartWorkerAsync("worker-1", worker1);
        await started.Task.WaitAsync(Patience);
        var now = DateTimeOffset.UtcNow;
        await ingest.RecordHeartbeatAsync(new NodeRecord("worker-1", "worker", "host-1", 1, now, now)); // worker-1 lives
        var worker2 = new RecordingHandler(TimeSpan.Zero);
        await StartWorkerAsync("worker-2", worker2);

        // A channel error on worker-1's routine channel (an acknowledgement of a tag the broker never gave):
        // RabbitMQ closes that channel and puts the running job's message back, to worker-2 or to worker-1.
        var broken = feed.ChannelOf(JobQueues.Level(1))!;
        await broken.BasicAckAsync(ulong.MaxValue / 2, multiple: false);
        await WaitAsync(() => Task.FromResult(feed.ChannelOf(JobQueues.Level(1)) is { IsOpen: true } channel && !ReferenceEquals(channel, broken)));
        Assert.False(broken.IsOpen);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the redelivered message reaches a worker while worker-1 still runs the job
        Assert.Equal(JobState.Running, (await ingest.GetJobAsync(first))!.State);
        gate.SetResult();
        await WaitAsync(async () => (await ingest.GetJobAsync(first))!.State == JobState.Done);

        // The job ran once, on worker-1 (which still beat); a job routed afterwards is taken as before.
        var next = (await RouteAsync(ingest, 1)).Single();
        await WaitAsync(async () => (await ingest.GetJobAsync(next))!.State == JobState.Done);
        Assert.Equal(1, worker1.Calls[first]);
        Assert.False(worker2.Calls.ContainsKey(first));
        Assert.Equal(1, (await ingest.GetJobAsync(first))!.Attempts);
        Assert.Equal(1, worker1.Calls.GetValueOrDefault(next) + worker2.Calls.GetValueOrDefault(next));
    }

    [Fact]
    public async Task A_job_running_while_RabbitMQ_restarts_is_settled_once_and_the_worker_takes_jobs_again()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var first = (await RouteAsync(ingest, 1)).Single();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = new RecordingHandler(TimeSpan.Zero, onStart: () => started.TrySetResult(), gate: gate.Task);
        var feed = await StartWorkerAsync("worker-1", worker);
        await started.Task.WaitAsync(Patience);
        var before = feed.ChannelOf(JobQueues.Level(1))!;

        // The broker goes away and comes back while the job runs; its message was taken on a channel that is gone.
        _rabbit.Stop();
        _rabbit.Start();
        await WaitAsync(() => Task.FromResult(feed.ChannelOf(JobQueues.Level(1)) is { IsOpen: true } channel && !ReferenceEquals(channel, before)));
        gate.SetResult();
        await WaitAsync(async () => (await ingest.GetJobAsync(first))!.State == JobState.Done);

        // Settling the job did not close the new channel (a stale delivery tag would have), and jobs keep coming.
        var next = (await RouteAsync(ingest, 1)).Single();
        await WaitAsync(async () => (await ingest.GetJobAsync(next))!.State == JobState.Done);
        Assert.True(feed.ChannelOf(JobQueues.Level(1))!.IsOpen);
        Assert.Equal(1, worker.Calls[first]);
        Assert.Equal(1, worker.Calls[next]);
        Assert.Equal(1, (await ingest.GetJobAsync(first))!.Attempts);
    }

    [Fact]
    public async Task A_worker_takes_stat_before_routine_before_background()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var ids = await RouteAsync(ingest, 1, 2, 1, 0, 1);
        await WaitAsync(async () => (await ingest.GetOutboxAsync(10)).Count == 0);

        var handler = new RecordingHandler(TimeSpan.FromMilliseconds(300));
        await StartWorkerAsync("worker-1", handler);
        await WaitAsync(async () => (await ingest.GetJobsAsync(JobState.Done)).Count == 5);

        var order = handler.Order.ToList();
        Assert.InRange(order.IndexOf(ids[3]), 0, 1); // stat: first, or second when a routine job was taken before it arrived
        Assert.Equal(ids[1], order[^1]); // background last
    }

    [Fact]
    public async Task A_job_whose_message_keeps_coming_back_unacknowledged_is_dead_lettered_and_marked_dead()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var dead = new DeadLetterConsumer(ingest, _queue, TimeProvider.System, NullLogger<DeadLetterConsumer>.Instance);
        _running.Add(Task.Run(() => dead.RunAsync(_stop.Token)));
        var id = (await RouteAsync(ingest, 1)).Single();
        await WaitAsync(async () => (await ingest.GetOutboxAsync(10)).Count == 0);

        var deliveries = await TakeAndDieAsync();

        await WaitAsync(async () => (await ingest.GetJobAsync(id))!.State == JobState.Dead);
        Assert.InRange(deliveries, 1, _runner.MaxAttempts + 1);
        Assert.Contains("dead-lettered", (await ingest.GetJobAsync(id))!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dead_letter_consumer_reconnects_after_RabbitMQ_restarts_and_still_marks_jobs_dead()
    {
        var ingest = await StoreAsync("ingest");
        StartRelay(ingest);
        var dead = new DeadLetterConsumer(ingest, _queue, TimeProvider.System, NullLogger<DeadLetterConsumer>.Instance);
        _running.Add(Task.Run(() => dead.RunAsync(_stop.Token)));
        var before = (await RouteAsync(ingest, 1)).Single();
        await WaitAsync(async () => (await ingest.GetOutboxAsync(10)).Count == 0);
        await TakeAndDieAsync();
        await WaitAsync(async () => (await ingest.GetJobAsync(before))!.State == JobState.Dead); // consuming before the restart

        _rabbit.Stop();
        _rabbit.Start();
        var after = (await RouteAsync(ingest, 1)).Single();
        await WaitAsync(async () => (await ingest.GetOutboxAsync(10)).Count == 0);
        await TakeAndDieAsync();

        await WaitAsync(async () => (await ingest.GetJobAsync(after))!.State == JobState.Dead);
        Assert.Contains("dead-lettered", (await ingest.GetJobAsync(after))!.LastError, StringComparison.Ordinal);
    }

    /// <summary>A worker that takes this test's message and dies each time (its channel closes with the message unacknowledged); returns how often it got it.</summary>
    private async Task<int> TakeAndDieAsync()
    {
        var factory = new ConnectionFactory { Uri = _rabbit.Uri };
        await using var connection = await factory.CreateConnectionAsync();
        var deliveries = 0;
        for (var i = 0; i < 10; i++)
        {
            await using var channel = await connection.CreateChannelAsync();
            var message = await channel.BasicGetAsync(JobQueues.Name(_plugin, 1), autoAck: false);
            if (message is null)
            {
                break;
            }

            deliveries++;
            await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
        }

        return deliveries;
    }

    private async Task<PostgresJobStore> StoreAsync(string node)
    {
        var store = await PostgresJobStore.OpenAsync(_database, TimeProvider.System, node, queueOutbox: true);
        _cleanup.Add(() =>
        {
            store.Dispose();
            return ValueTask.CompletedTask;
        });
        return store;
    }

    /// <summary>One series per priority, each routed to this test's plugin; returns the job ids in that order.</summary>
    private async Task<List<long>> RouteAsync(IJobStore store, params int[] priorities)
    {
        var ids = new List<long>();
        foreach (var priority in priorities)
        {
            var series = "1.2.3." + Guid.NewGuid().ToString("N")[..12];
            var put = await store.PutInstanceAsync(Instance(series + ".1", series: series));
            var item = (await store.CompleteSeriesAsync(series, put.SeriesRevision))!;
            ids.Add((await store.RouteWorkItemAsync(item.Id, [new JobRequest(_plugin, "1.0.0", priority)])).Single().Id);
        }

        return ids;
    }

    private void StartRelay(IJobStore store)
    {
        var relay = new OutboxRelay(store, _queue, _runner, TimeProvider.System, NullLogger<OutboxRelay>.Instance);
        _running.Add(Task.Run(() => relay.RunAsync(_stop.Token)));
    }

    private async Task<QueueJobFeed> StartWorkerAsync(string node, IJobHandler handler)
    {
        var store = await StoreAsync(node);
        var feed = new QueueJobFeed(store, new OnePluginGateway(_plugin), _queue, _runner, new ClusterOptions(), TimeProvider.System, NullLogger<QueueJobFeed>.Instance);
        _cleanup.Insert(0, feed.DisposeAsync);
        await feed.StartAsync(_stop.Token);
        var runner = new JobRunner(store, handler, _runner, TimeProvider.System, NullLogger<JobRunner>.Instance, feed);
        _running.Add(Task.Run(() => runner.RunAsync(_stop.Token)));
        return feed;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, "the condition did not hold in time");
            await Task.Delay(50);
        }
    }

    private sealed class OnePluginGateway(string pluginId) : IPluginGateway
    {
        public IReadOnlyList<RoutablePlugin> Active() => [new(pluginId, "1.0.0", 1, _ => true)];

        public Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the queue tests run jobs through their own handler");
    }

    private sealed class RecordingHandler(TimeSpan work, Action? onStart = null, bool hang = false, Task? gate = null) : IJobHandler
    {
        public ConcurrentDictionary<long, int> Calls { get; } = new();

        public ConcurrentQueue<long> Order { get; } = new();

        public async Task<string> HandleAsync(JobRecord job, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            Order.Enqueue(job.Id);
            onStart?.Invoke();
            if (gate is not null && Order.Count == 1)
            {
                await gate.WaitAsync(cancellationToken);
            }

            await Task.Delay(hang ? Timeout.InfiniteTimeSpan : work, cancellationToken);
            return $"out/{job.Id}";
        }
    }
}
