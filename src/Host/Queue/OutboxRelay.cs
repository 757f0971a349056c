using System.Globalization;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Queue;

/// <summary>
/// Publishes the store's outbox to RabbitMQ with publisher confirms: a row is deleted only after the broker
/// confirmed its persistent message, so a crash or an outage between the two publishes it again (workers
/// drop a message whose job is no longer queued). While the broker is away the ingest node goes on
/// acknowledging instances (they only need the store); the rows wait and go out when it returns.
/// </summary>
internal sealed partial class OutboxRelay(IJobStore store, QueueOptions options, RunnerOptions runner, TimeProvider time, ILogger<OutboxRelay> log)
{
    private const int Batch = 256;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await JobQueues.ConnectAsync(options, "radcnn-outbox", recover: false, stoppingToken).ConfigureAwait(false);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken).ConfigureAwait(false);
                await JobQueues.DeclareDeadLetterAsync(channel, stoppingToken).ConfigureAwait(false);
                _declared.Clear();
                Connected(log);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (await PublishPendingAsync(channel, stoppingToken).ConfigureAwait(false) < Batch)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(options.RelayPollSeconds), time, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // the broker or the store is away: the rows wait, the relay tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Unavailable(log, ex.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>Publishes up to one batch of rows, each confirmed before its row goes; returns how many.</summary>
    public async Task<int> PublishPendingAsync(IChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var pending = await store.GetOutboxAsync(Batch, cancellationToken).ConfigureAwait(false);
        foreach (var message in pending)
        {
            var queue = JobQueues.Name(message.PluginId, message.Priority);
            if (!_declared.Contains(queue))
            {
                await JobQueues.DeclareAsync(channel, message.PluginId, message.Priority, runner.MaxAttempts, cancellationToken).ConfigureAwait(false);
                _declared.Add(queue);
            }

            var properties = new BasicProperties
            {
                Persistent = true,
                MessageId = message.JobId.ToString(CultureInfo.InvariantCulture),
            };
            // With confirmation tracking on, this returns once the broker has the message on disk (and throws if it refused it).
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, JobQueues.Body(message.JobId), cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0)
        {
            await store.DeleteOutboxAsync([.. pending.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
            Published(log, pending.Count);
        }

        return pending.Count;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Outbox relay connected to RabbitMQ")]
    private static partial void Connected(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Outbox relay cannot publish ({ErrorType}); the jobs wait in the store and go out when RabbitMQ answers")]
    private static partial void Unavailable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Published {Count} job message(s), confirmed by the broker")]
    private static partial void Published(ILogger logger, int count);
}
