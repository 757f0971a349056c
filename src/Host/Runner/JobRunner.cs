using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Runner;

/// <summary>
/// Runs queued jobs: a dispatcher takes runnable jobs from the store, most urgent first, into a
/// bounded channel (it waits when the workers are behind), and N workers run each through a Polly
/// retry with exponential backoff. A job out of attempts is dead, kept with its last error until
/// `radcnn replay`. Timeouts and circuit breaking happen in the plugin catalog's guarded call;
/// the runner sees them as failed attempts or as a postponement.
/// </summary>
internal sealed partial class JobRunner
{
    private readonly IJobStore _store;
    private readonly IJobHandler _handler;
    private readonly RunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<JobRecord> _queue;
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _notBefore = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly IJobFeed? _feed;
    private readonly SemaphoreSlim _freeWorkers;
    private readonly MemoryReturn _memory;
    private long _queued;

    /// <param name="store">The jobs' states.</param>
    /// <param name="handler">Runs one job.</param>
    /// <param name="options">Workers, queue bound, retries.</param>
    /// <param name="time">The clock of retries and postponements.</param>
    /// <param name="log">The runner's log.</param>
    /// <param name="feed">The work queue a worker takes jobs from; null: the store is polled (one node, or a cluster without RabbitMQ).</param>
    public JobRunner(IJobStore store, IJobHandler handler, RunnerOptions options, TimeProvider time, ILogger<JobRunner> log, IJobFeed? feed = null)
    {
        _feed = feed;
        _freeWorkers = new SemaphoreSlim(options.Workers);
        _store = store;
        _handler = handler;
        _options = options;
        _time = time;
        _log = log;
        _memory = new MemoryReturn(options.ReturnMemoryAfterMegabytes);
        _queue = Channel.CreateBounded<JobRecord>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        PipelineTelemetry.ObserveQueueDepth(() => Interlocked.Read(ref _queued));
    }

    /// <summary>Jobs queued or awaiting retry when the dispatcher last looked.</summary>
    public long QueueDepth => Interlocked.Read(ref _queued);

    public int InFlight => _inFlight.Count;

    /// <summary>New jobs exist: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> fires; then jobs still running go back to queued.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)).ToList();
        try
        {
            await DispatchAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            var requeued = await _store.RequeueRunningAsync(CancellationToken.None).ConfigureAwait(false);
            if (requeued > 0)
            {
                RunnerLog.Requeued(_log, requeued);
            }
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        if (_feed is not null)
        {
            // A job is taken from the feed only when a worker is free, so the choice among what the feed
            // holds (stat before routine before background) is made as late as possible.
            var jobs = _feed.ReadAllAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
            await using (jobs.ConfigureAwait(false))
            {
                while (true)
                {
                    await _freeWorkers.WaitAsync(stoppingToken).ConfigureAwait(false);
                    if (!await jobs.MoveNextAsync().ConfigureAwait(false))
                    {
                        return;
                    }

                    _inFlight.TryAdd(jobs.Current.Id, 0);
                    await _queue.Writer.WriteAsync(jobs.Current, stoppingToken).ConfigureAwait(false);
                }
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var runnable = await _store.GetRunnableJobsAsync(_options.QueueCapacity + _options.Workers + _inFlight.Count, stoppingToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _queued, runnable.Count);
            var now = _time.GetUtcNow();
            foreach (var job in runnable)
            {
                if (_notBefore.TryGetValue(job.Id, out var notBefore) && notBefore > now)
                {
                    continue;
                }

                if (_inFlight.TryAdd(job.Id, 0))
                {
                    _notBefore.TryRemove(job.Id, out _);
                    await _queue.Writer.WriteAsync(job, stoppingToken).ConfigureAwait(false);
                }
            }

            await WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var poll = new CancellationTokenSource(TimeSpan.FromSeconds(_options.PollSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
        try
        {
            await _wake.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var outcome = JobOutcome.Interrupted;
            try
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    outcome = await RunJobAsync(job, stoppingToken).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // one job's failure must never stop a worker
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                RunnerLog.WorkerError(_log, job.Id, ex.GetType().Name);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _inFlight.TryRemove(job.Id, out _);
            }

            if (_memory.AfterJob() is { } collection)
            {
                RunnerLog.MemoryReturned(_log, job.Id, collection.HeapBeforeMegabytes, collection.HeapAfterMegabytes, collection.ResidentBeforeMegabytes, collection.ResidentAfterMegabytes, collection.Milliseconds);
            }

            if (_feed is not null)
            {
                // After the job's state is committed: an acknowledgement never runs ahead of the store.
                await _feed.SettleAsync(job.Id, outcome).ConfigureAwait(false);
                _freeWorkers.Release();
            }

            Wake();
        }
    }

    private async Task<JobOutcome> RunJobAsync(JobRecord job, CancellationToken stoppingToken)
    {
        var remaining = _options.MaxAttempts - job.Attempts;
        if (remaining <= 0)
        {
            // Attempts were used up by crashes of the host itself: do not try a poison job again.
            await _store.FailJobAsync(job.Id, $"attempts used up ({job.Attempts}); last error: {job.LastError ?? "the host stopped during the job"}", dead: true, stoppingToken).ConfigureAwait(false);
            RecordFailure(job, dead: true);
            return JobOutcome.Finished;
        }

        using var activity = PipelineTelemetry.StartSpan("job", job.TraceParent);
        activity?.SetTag("radcnn.job.id", job.Id);
        activity?.SetTag("radcnn.plugin.id", job.PluginId);
        activity?.SetTag("radcnn.plugin.version", job.PluginVersion);
        activity?.SetTag("radcnn.workitem.generation", job.Generation);
        var started = _time.GetTimestamp();
        var pipeline = BuildRetry(job, remaining);
        try
        {
            var output = await pipeline.ExecuteAsync(
                async token =>
                {
                    var running = await _store.StartJobAsync(job.Id, token).ConfigureAwait(false) ?? throw new JobNotRunnableException();
                    return await _handler.HandleAsync(running, token).ConfigureAwait(false);
                },
                stoppingToken).ConfigureAwait(false);
            await _store.CompleteJobAsync(job.Id, output, CancellationToken.None).ConfigureAwait(false);
            PipelineTelemetry.JobLatency.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("plugin", job.PluginId));
            RunnerLog.Done(_log, job.Id, job.PluginId, job.PluginVersion, _time.GetElapsedTime(started).TotalMilliseconds);
            return JobOutcome.Finished;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: RunAsync puts running jobs back to queued.
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled at shutdown");
            return JobOutcome.Interrupted;
        }
        catch (JobNotRunnableException)
        {
            return JobOutcome.Finished;
        }
        catch (PluginUnavailableException ex)
        {
            await PostponeAsync(job, ex.Message).ConfigureAwait(false);
            return JobOutcome.Postponed;
        }
        catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex))
        {
            // Not the job's fault: it waits for room without using up its attempts.
            activity?.SetStatus(ActivityStatusCode.Error, "disk full");
            await PostponeAsync(job, "the disk is full: " + ex.Message).ConfigureAwait(false);
            return JobOutcome.Postponed;
        }
#pragma warning disable CA1031 // every failure of a job is recorded on the job
        catch (Exception ex)
#pragma warning restore CA1031
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            await _store.FailJobAsync(job.Id, Describe(ex), dead: true, CancellationToken.None).ConfigureAwait(false);
            RecordFailure(job, dead: true);
            RunnerLog.Dead(_log, job.Id, job.PluginId, job.PluginVersion, ex.GetType().Name);
            return JobOutcome.Finished;
        }
    }

    /// <summary>Back to the queue without counting the attempt, not to be picked up again for <see cref="RunnerOptions.PostponeSeconds"/>.</summary>
    private async Task PostponeAsync(JobRecord job, string reason)
    {
        _notBefore[job.Id] = _time.GetUtcNow().AddSeconds(_options.PostponeSeconds);
        await _store.PostponeJobAsync(job.Id, reason, CancellationToken.None).ConfigureAwait(false);
        RunnerLog.Postponed(_log, job.Id, job.PluginId, _options.PostponeSeconds);
    }

    private ResiliencePipeline BuildRetry(JobRecord job, int remainingAttempts)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (remainingAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = remainingAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(_options.RetryDelaySeconds),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex =>
                    ex is not (OperationCanceledException or PluginUnavailableException or JobRejectedException or JobNotRunnableException)
                    && !InsufficientStorageException.IsDiskFull(ex)),
                OnRetry = async args =>
                {
                    var error = args.Outcome.Exception is { } ex ? Describe(ex) : "failed";
                    await _store.FailJobAsync(job.Id, error, dead: false, CancellationToken.None).ConfigureAwait(false);
                    RecordFailure(job, dead: false);
                    RunnerLog.Retrying(_log, job.Id, job.PluginId, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                },
            });
        }

        return builder.Build();
    }

    private static void RecordFailure(JobRecord job, bool dead) =>
        PipelineTelemetry.JobFailures.Add(1, new KeyValuePair<string, object?>("plugin", job.PluginId), new KeyValuePair<string, object?>("dead", dead));

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>The job was not queued any more when a worker reached it (replayed twice, or done by another worker).</summary>
    private sealed class JobNotRunnableException : Exception
    {
    }
}
