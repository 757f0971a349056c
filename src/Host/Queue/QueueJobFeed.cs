using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RadCnn.Host.Cluster;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Queue;

/// <summary>
/// A worker's jobs from RabbitMQ: one channel per priority level, each with a prefetch of
/// <see cref="QueueOptions.Prefetch"/> (by default the runner's worker count plus one: every worker busy and one
/// more of the level at hand), consuming every active plugin's queue at that level. When a worker frees up it
/// takes, of what is held, stat before routine before background. A message is acknowledged
/// only after the runner committed the job's outcome; should this process die first, the broker hands the
/// message to another worker, which takes the job over with the dead worker's attempt counted.
/// </summary>
internal sealed partial class QueueJobFeed(IJobStore store, IPluginGateway plugins, QueueOptions options, RunnerOptions runner,
    ClusterOptions cluster, TimeProvider time, ILogger<QueueJobFeed> log) : IJobFeed, IAsyncDisposable
{
    private const int MaxSetUpAttempts = 10;
    private readonly Channel<Delivery>[] _levels = [.. JobQueues.Levels.Select(_ => Channel.CreateUnbounded<Delivery>())];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<long, Delivery> _held = new();
    private readonly IChannel?[] _channels = new IChannel?[JobQueues.Levels.Count];
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly SemaphoreSlim _connecting = new(1);
    private IConnection? _connection;
    private IReadOnlyList<string> _pluginIds = [];
    private ushort _prefetch;

    /// <summary>Connects (retrying while the broker is away, see <see cref="SetUpLevelAsync"/>) and starts consuming.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _prefetch = (ushort)(options.Prefetch > 0 ? options.Prefetch : runner.Workers + 1);
        _pluginIds = [.. plugins.Active().Select(p => p.Id).Distinct(StringComparer.Ordinal)];
        for (var level = 0; level < _levels.Length; level++)
        {
            await SetUpLevelAsync(level, cancellationToken).ConfigureAwait(false);
        }

        Consuming(log, _pluginIds.Count, _prefetch);
    }

    /// <summary>A priority level's channel, its prefetch and a consumer on each active plugin's queue of that level.</summary>
    private async Task SetUpLevelAsync(int level, CancellationToken cancellationToken)
    {
        // The broker may refuse a consumer on a quorum queue still being set up by another node declaring it
        // at the same moment (INTERNAL_ERROR, channel closed): the level starts over on a fresh channel. A broker
        // that has just restarted may close the whole connection the same way (INTERNAL_ERROR while its
        // virtual host starts): the attempt then starts over on a new connection.
        for (var attempt = 1; ; attempt++)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            IChannel? channel = null;
            try
            {
                channel = await _connection!.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await ConsumeLevelAsync(channel, level, cancellationToken).ConfigureAwait(false);
                _channels[level] = channel;
                var opened = channel;
                channel.ChannelShutdownAsync += (_, e) => OnLevelClosedAsync(level, opened, e);
                return;
            }
            catch (Exception ex) when (attempt < MaxSetUpAttempts && ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
            {
                SetUpRetried(log, level, ex.GetType().Name);
                if (channel is not null)
                {
                    await SafelyAsync(() => channel.DisposeAsync().AsTask()).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A level's channel closed without this worker asking (a channel error, an acknowledgement timeout, the
    /// connection lost): its consumers are gone and, left alone, this worker would keep beating but never take
    /// another job of that level. The broker has put the channel's unsettled messages back. The level is set up
    /// again on a fresh channel, on a new connection when the old one is gone.
    /// </summary>
    private Task OnLevelClosedAsync(int level, IChannel channel, ShutdownEventArgs reason)
    {
        if (_stopping.IsCancellationRequested || reason.Initiator == ShutdownInitiator.Application)
        {
            return Task.CompletedTask;
        }

        LevelClosed(log, level, reason.ReplyCode, reason.ReplyText);
        _ = Task.Run(() => ReopenLevelAsync(level, channel));
        return Task.CompletedTask;
    }

    private async Task ReopenLevelAsync(int level, IChannel closed)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested && ReferenceEquals(_channels[level], closed))
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, token).ConfigureAwait(false);
                if (ReferenceEquals(_channels[level], closed))
                {
                    await SetUpLevelAsync(level, token).ConfigureAwait(false);
                    LevelReopened(log, level);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the broker or the connection may fail again: logged, the next second tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SetUpRetried(log, level, ex.GetType().Name);
            }
        }
    }

    /// <summary>
    /// A connection of this worker's own, retried while the broker is away. The client's automatic recovery is
    /// off on purpose: it would reopen channels under the same objects with delivery tags counted afresh, and
    /// settling a message taken before the outage would then acknowledge a tag the broker never gave on that
    /// channel (PRECONDITION_FAILED), closing it again. Here a closed channel stays closed, settling on it fails
    /// harmlessly, and the levels are set up on a new connection.
    /// </summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                var old = _connection;
                _connection = await JobQueues.ConnectWhenReachableAsync(options, "radcnn-worker", recover: false, time, type => Unreachable(log, type), cancellationToken).ConfigureAwait(false);
                if (old is not null)
                {
                    await SafelyAsync(() => old.DisposeAsync().AsTask()).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task ConsumeLevelAsync(IChannel channel, int level, CancellationToken cancellationToken)
    {
        await channel.BasicQosAsync(0, _prefetch, global: false, cancellationToken).ConfigureAwait(false);
        foreach (var pluginId in _pluginIds)
        {
            await JobQueues.DeclareAsync(channel, pluginId, level, runner.MaxAttempts, cancellationToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            var buffer = _levels[level];
            consumer.ReceivedAsync += (_, e) =>
            {
                buffer.Writer.TryWrite(new Delivery(channel, level, e.DeliveryTag, JobQueues.JobId(e.Body), e.Redelivered));
                _arrived.Release();
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(JobQueues.Name(pluginId, level), autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The channel a priority level consumes on now (tests close it from the broker's side).</summary>
    internal IChannel? ChannelOf(int level) => _channels[level];

    public async IAsyncEnumerable<JobRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await _arrived.WaitAsync(cancellationToken).ConfigureAwait(false);
            Delivery? delivery = null;
            foreach (var level in _levels)
            {
                if (level.Reader.TryRead(out delivery))
                {
                    break;
                }
            }

            if (delivery is not null && await AdmitAsync(delivery, cancellationToken).ConfigureAwait(false) is { } job)
            {
                yield return job;
            }
        }
    }

    public async Task SettleAsync(long jobId, JobOutcome outcome)
    {
        if (!_held.TryRemove(jobId, out var delivery))
        {
            return;
        }

        switch (outcome)
        {
            case JobOutcome.Interrupted:
                // Shutdown: back to the queue at once; the store has it queued again (RequeueRunningAsync).
                await SafelyAsync(() => delivery.Channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true).AsTask()).ConfigureAwait(false);
                break;
            case JobOutcome.Postponed:
                // Its plugin could not take it here: a fresh message after the postponement, so that waiting
                // does not count as a failed delivery towards the dead-letter limit.
                await Task.Delay(TimeSpan.FromSeconds(runner.PostponeSeconds), time).ConfigureAwait(false);
                await store.RepublishAsync(jobId).ConfigureAwait(false);
                await SafelyAsync(() => delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false).AsTask()).ConfigureAwait(false);
                break;
            default:
                await SafelyAsync(() => delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false).AsTask()).ConfigureAwait(false);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing twice (a worker shut down, then its host) must not throw on the disposed token source.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _arrived.Dispose();
        _stopping.Dispose();
        _connecting.Dispose();
    }

    /// <summary>The job the message names, if it should run here now; otherwise the message is settled at once.</summary>
    private async Task<JobRecord?> AdmitAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (!delivery.Channel.IsOpen)
        {
            // Taken from a channel that has closed since: the broker has put the message back and hands it out again.
            return null;
        }

        if (delivery.JobId is { } heldId && _held.TryGetValue(heldId, out var stale) && !stale.Channel.IsOpen && _held.TryUpdate(heldId, delivery, stale))
        {
            // The job runs here and its message came back after the channel it arrived on closed: this message
            // is the one to settle when the job ends.
            return null;
        }

        var job = delivery.JobId is { } id ? await store.GetJobAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is not null && job.State == JobState.Running && delivery.Redelivered && !_held.ContainsKey(job.Id))
        {
            var tookOver = await store.TakeOverJobAsync(job.Id, time.GetUtcNow().AddSeconds(-cluster.SilentAfterSeconds), cancellationToken).ConfigureAwait(false);
            if (tookOver)
            {
                // The node that had it stopped beating with the message unacknowledged.
                TookOver(log, job.Id);
            }

            job = await store.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
            if (!tookOver && job is { State: JobState.Running })
            {
                // Its node still beats: it died a moment ago, or it lives on and only its channel closed. The
                // message stays unacknowledged here and is looked at again after a heartbeat, until the job has
                // ended there or that node has gone silent (then it is taken over). Acknowledging it now would
                // leave no message should that node be dead after all; running it now could run it twice.
                _ = AdmitAgainLaterAsync(delivery);
                return null;
            }
        }

        if (job is null || job.State is not (JobState.Queued or JobState.Failed) || !_held.TryAdd(job.Id, delivery))
        {
            // Done, dead, superseded, running elsewhere, or a second message for a job held here: nothing to run.
            await SafelyAsync(() => delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false).AsTask()).ConfigureAwait(false);
            return null;
        }

        return job;
    }

    private async Task AdmitAgainLaterAsync(Delivery delivery)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(cluster.HeartbeatSeconds), time, _stopping.Token).ConfigureAwait(false);
            _levels[delivery.Level].Writer.TryWrite(delivery);
            _arrived.Release();
        }
        catch (OperationCanceledException)
        {
            // Stopping: the connection closes and the broker keeps the message.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>An acknowledgement on a channel the broker has closed fails; the broker redelivers that message and it is dropped then.</summary>
    private async Task SafelyAsync(Func<Task> settle)
    {
        try
        {
            await settle().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException or ObjectDisposedException)
        {
            SettleFailed(log, ex.GetType().Name);
        }
    }

    private sealed record Delivery(IChannel Channel, int Level, ulong Tag, long? JobId, bool Redelivered);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Taking jobs from RabbitMQ for {Plugins} plugin(s), prefetch {Prefetch} per priority level")]
    private static partial void Consuming(ILogger logger, int plugins, int prefetch);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "RabbitMQ unreachable ({ErrorType}); trying again")]
    private static partial void Unreachable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Job {JobId} redelivered from a worker that stopped: taken over here")]
    private static partial void TookOver(ILogger logger, long jobId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A message could not be settled ({ErrorType}); the broker redelivers it and it is dropped then")]
    private static partial void SettleFailed(ILogger logger, string errorType);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "RabbitMQ closed the channel of priority level {Level} ({ReplyCode} {ReplyText}); setting it up again")]
    private static partial void LevelClosed(ILogger logger, int level, ushort replyCode, string replyText);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Priority level {Level} consuming again on a fresh channel")]
    private static partial void LevelReopened(ILogger logger, int level);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "RabbitMQ refused the consumers of priority level {Level} ({ErrorType}); setting them up again")]
    private static partial void SetUpRetried(ILogger logger, int level, string errorType);
}
