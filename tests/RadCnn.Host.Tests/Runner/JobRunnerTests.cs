using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Runner;

public sealed class JobRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-runner");
    private readonly SqliteJobStore _store;
    private readonly RunnerOptions _options = new() { Workers = 3, QueueCapacity = 2, MaxAttempts = 3, RetryDelaySeconds = 0.01, PollSeconds = 0.05, PostponeSeconds = 0.05 };

    public JobRunnerTests() => _store = new SqliteJobStore(_dir.Combine("db"), TimeProvider.System);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Every_job_runs_once_with_at_most_the_configured_workers_at_a_time()
    {
        var ids = await CreateJobsAsync(20);
        var handler = new RecordingHandler(async (job, token) => await Task.Delay(20, token));
        await RunUntilAsync(handler, async () => (await _store.GetJobsAsync(JobState.Done)).Count == 20);

        Assert.Equal(ids.Order(), handler.Calls.Keys.Order());
        Assert.All(handler.Calls.Values, c => Assert.Equal(1, c));
        Assert.InRange(handler.MaxConcurrent, 1, _options.Workers);
        Assert.All(await _store.GetJobsAsync(JobState.Done), j => Assert.Equal($"out/{j.Id}", j.OutputPath));
    }

    [Fact]
    public async Task A_failing_job_is_retried_then_dead_with_its_error_and_replay_runs_it_again()
    {
        var ids = await CreateJobsAsync(1);
        var fail = true;
        var handler = new RecordingHandler((_, _) => fail ? throw new InvalidOperationException("model exploded") : Task.CompletedTask);
        await RunUntilAsync(handler, async () => (await _store.GetJobsAsync(JobState.Dead)).Count == 1);

        var dead = Assert.Single(await _store.GetJobsAsync(JobState.Dead));
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("InvalidOperationException: model exploded", dead.LastError);
        Assert.Equal(3, handler.Calls[ids[0]]);

        fail = false;
        Assert.Equal(1, await _store.ReplayDeadJobsAsync());
        await RunUntilAsync(handler, async () => (await _store.GetJobsAsync(JobState.Done)).Count == 1);
        Assert.Equal(4, handler.Calls[ids[0]]);
    }

    [Fact]
    public async Task A_rejected_job_dies_at_once_and_an_unavailable_plugin_postpones_without_using_attempts()
    {
        var ids = await CreateJobsAsync(2);
        var unavailable = 3;
        var handler = new RecordingHandler((job, _) =>
        {
            if (job.Id == ids[0])
            {
                throw new JobRejectedException("spool file missing");
            }

            return Interlocked.Decrement(ref unavailable) >= 0 ? throw new PluginUnavailableException("circuit open") : Task.CompletedTask;
        });
        await RunUntilAsync(handler, async () => (await _store.GetJobsAsync(JobState.Done)).Count == 1 && (await _store.GetJobsAsync(JobState.Dead)).Count == 1);

        Assert.Equal(1, handler.Calls[ids[0]]);
        Assert.Equal(4, handler.Calls[ids[1]]);
        Assert.Equal(1, (await _store.GetJobAsync(ids[1]))!.Attempts);
    }

    [Fact]
    public async Task A_full_disk_postpones_the_job_without_using_its_attempts()
    {
        var ids = await CreateJobsAsync(1);
        var full = 5; // more failures than MaxAttempts (3): dead-lettered if they counted
        const int ENOSPC = 28;
        var handler = new RecordingHandler((_, _) =>
            Interlocked.Decrement(ref full) >= 0 ? throw new IOException("No space left on device", ENOSPC) : Task.CompletedTask);
        await RunUntilAsync(handler, async () => (await _store.GetJobsAsync(JobState.Done)).Count == 1);

        Assert.Equal(6, handler.Calls[ids[0]]);
        Assert.Equal(1, (await _store.GetJobAsync(ids[0]))!.Attempts);
        Assert.Empty(await _store.GetJobsAsync(JobState.Dead));
    }

    [Fact]
    public async Task Stopping_returns_running_jobs_to_the_queue_and_a_job_out_of_attempts_is_dead()
    {
        var ids = await CreateJobsAsync(1);
        var started = new TaskCompletionSource();
        var handler = new RecordingHandler(async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        using var cts = new CancellationTokenSource();
        var runner = new JobRunner(_store, handler, _options, TimeProvider.System, NullLogger<JobRunner>.Instance);
        var run = runner.RunAsync(cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var job = (await _store.GetJobAsync(ids[0]))!;
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(1, job.Attempts);

        // Two more interrupted attempts (as if the host crashed on this job each time): the next look finds it dead.
        await _store.StartJobAsync(job.Id);
        await _store.RequeueRunningAsync();
        await _store.StartJobAsync(job.Id);
        await _store.RequeueRunningAsync();
        await RunUntilAsync(new RecordingHandler((_, _) => Task.CompletedTask), async () => (await _store.GetJobsAsync(JobState.Dead)).Count == 1);
        Assert.Contains("attempts used up", (await _store.GetJobAsync(job.Id))!.LastError, StringComparison.Ordinal);
    }

    private async Task<List<long>> CreateJobsAsync(int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var stored = await _store.PutInstanceAsync(Instance($"1.{i}", series: $"9.{i}"));
            var item = (await _store.CompleteSeriesAsync(stored.SeriesInstanceUid, stored.SeriesRevision))!;
            ids.Add((await _store.RouteWorkItemAsync(item.Id, [new JobRequest("p", "1.0.0", i % 3)]))[0].Id);
        }

        return ids;
    }

    private async Task RunUntilAsync(IJobHandler handler, Func<Task<bool>> done)
    {
        using var cts = new CancellationTokenSource();
        var runner = new JobRunner(_store, handler, _options, TimeProvider.System, NullLogger<JobRunner>.Instance);
        var run = runner.RunAsync(cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the runner did not finish in time");
            Assert.False(run.IsFaulted, run.Exception?.ToString());
            await Task.Delay(20);
        }

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class RecordingHandler(Func<JobRecord, CancellationToken, Task> body) : IJobHandler
    {
        private int _concurrent;

        public ConcurrentDictionary<long, int> Calls { get; } = new();

        public int MaxConcurrent { get; private set; }

        public async Task<string> HandleAsync(JobRecord job, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref _concurrent);
            lock (Calls)
            {
                MaxConcurrent = Math.Max(MaxConcurrent, now);
            }

            try
            {
                await body(job, cancellationToken);
                return $"out/{job.Id}";
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        }
    }
}
