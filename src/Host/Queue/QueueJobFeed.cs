using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
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
    TimeProvider time, ILogger<QueueJobFeed> log) : IJobFeed, IAsyncDisposable
{
    private const int MaxSetUpAttempts = 10;
    private readonly Channel<Delivery>[] _levels = [.. JobQueues.Levels.Select(_ => Channel.CreateUnbounded<Delivery>())];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<long, Delivery> _held = new();
    private IConnection? _connection;

    /// <summary>Connects (retrying while the broker is away) and starts consuming.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (_connection is null)
        {
            try
            {
                _connection = await JobQueues.ConnectAsync(options, "radcnn-worker", recover: true, cancellationToken).ConfigureAwait(false);
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex)
            {
                Unreachable(log, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }

        var prefetch = (ushort)(options.Prefetch > 0 ? options.Prefetch : runner.Workers + 1);
        var pluginIds = plugins.Active().Select(p => p.Id).Distinct(StringComparer.Ordinal).ToList();
        for (var level = 0; level < _levels.Length; level++)
        {
            // The broker may refuse a consumer on a quorum queue still being set up by another node declaring it
            // at the same moment (INTERNAL_ERROR, channel closed): the level starts over on a fresh channel.
            for (var attempt = 1; ; attempt++)
            {
                var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                try
                {
                    await ConsumeLevelAsync(channel, level, pluginIds, prefetch, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (attempt < MaxSetUpAttempts && ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
                {
                    SetUpRetried(log, level, ex.GetType().Name);
                    await SafelyAsync(() => channel.DisposeAsync().AsTask()).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        Consuming(log, pluginIds.Count, prefetch);
    }

    private async Task ConsumeLevelAsync(IChannel channel, int level, IReadOnlyList<string> pluginIds, ushort prefetch, CancellationToken cancellationToken)
    {
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
        foreach (var pluginId in pluginIds)
        {
            await JobQueues.DeclareAsync(channel, pluginId, level, runner.MaxAttempts, cancellationToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            var buffer = _levels[level];
            consumer.ReceivedAsync += (_, e) =>
            {
                buffer.Writer.TryWrite(new Delivery(channel, e.DeliveryTag, JobQueues.JobId(e.Body), e.Redelivered));
                _arrived.Release();
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(JobQueues.Name(pluginId, level), autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        }
    }

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
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _arrived.Dispose();
    }

    /// <summary>The job the message names, if it should run here now; otherwise the message is settled at once.</summary>
    private async Task<JobRecord?> AdmitAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var job = delivery.JobId is { } id ? await store.GetJobAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is not null && job.State == JobState.Running && delivery.Redelivered
            && await store.TakeOverJobAsync(job.Id, cancellationToken).ConfigureAwait(false))
        {
            // The node that had it died with the message unacknowledged.
            TookOver(log, job.Id);
            job = await store.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }

        if (job is null || job.State is not (JobState.Queued or JobState.Failed) || !_held.TryAdd(job.Id, delivery))
        {
            // Done, dead, superseded, running elsewhere, or a second message for a job held here: nothing to run.
            await SafelyAsync(() => delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false).AsTask()).ConfigureAwait(false);
            return null;
        }

        return job;
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

    private sealed record Delivery(IChannel Channel, ulong Tag, long? JobId, bool Redelivered);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Taking jobs from RabbitMQ for {Plugins} plugin(s), prefetch {Prefetch} per priority level")]
    private static partial void Consuming(ILogger logger, int plugins, int prefetch);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "RabbitMQ unreachable ({ErrorType}); trying again")]
    private static partial void Unreachable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Job {JobId} redelivered from a worker that stopped: taken over here")]
    private static partial void TookOver(ILogger logger, long jobId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A message could not be settled ({ErrorType}); the broker redelivers it and it is dropped then")]
    private static partial void SettleFailed(ILogger logger, string errorType);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "RabbitMQ refused the consumers of priority level {Level} ({ErrorType}); setting them up again")]
    private static partial void SetUpRetried(ILogger logger, int level, string errorType);
}
