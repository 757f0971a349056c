using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using RadCnn.Host.Store;

namespace RadCnn.Host.Queue;

/// <summary>
/// Turns RabbitMQ's dead letters into RadCnn's dead state: a job whose message was handed out more times than
/// it has attempts (workers that took it kept dying) becomes dead in the store, with the reason, and
/// `radcnn replay` brings it back like any dead job. Runs on ingest nodes.
/// </summary>
/// <remarks>
/// Like the workers, it reconnects itself instead of using the client's automatic recovery: a recovered
/// channel counts delivery tags afresh, and acknowledging a tag taken before a broker restart on it makes the
/// broker close the channel. A message handled twice (its acknowledgement lost with the connection) is
/// harmless: a job already dead is left as it is.
/// </remarks>
internal sealed partial class DeadLetterConsumer(IJobStore store, QueueOptions options, TimeProvider time, ILogger<DeadLetterConsumer> log)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeUntilClosedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or IOException or BrokerUnreachableException)
            {
                Interrupted(log, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ConsumeUntilClosedAsync(CancellationToken stoppingToken)
    {
        var connection = await JobQueues.ConnectWhenReachableAsync(options, "radcnn-dead-letters", recover: false, time, unreachable: null, stoppingToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            channel.ChannelShutdownAsync += (_, e) =>
            {
                if (closed.TrySetResult() && !stoppingToken.IsCancellationRequested)
                {
                    Closed(log, e.ReplyCode, e.ReplyText);
                }

                return Task.CompletedTask;
            };
            await JobQueues.DeclareDeadLetterAsync(channel, stoppingToken).ConfigureAwait(false);
            await channel.BasicQosAsync(0, 16, global: false, stoppingToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, e) => HandleAsync(channel, e, stoppingToken);
            await channel.BasicConsumeAsync(JobQueues.DeadLetterQueue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
            await closed.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs e, CancellationToken stoppingToken)
    {
        try
        {
            if (JobQueues.JobId(e.Body) is { } jobId && await store.GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false) is { } job
                && job.State is not (JobState.Done or JobState.Dead or JobState.Superseded))
            {
                await store.FailJobAsync(jobId, $"its queue message was delivered {job.Attempts} time(s) and no worker acknowledged it (each stopped during the job); dead-lettered by RabbitMQ",
                    dead: true, CancellationToken.None).ConfigureAwait(false);
                DeadLettered(log, jobId, job.PluginId);
            }

            await channel.BasicAckAsync(e.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // The channel went: the broker hands the message out again on the next one.
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The store could not be written (PostgreSQL restarting): the message goes back to the queue, not lost.
            StoreFailed(log, ex.GetType().Name);
            await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None).ConfigureAwait(false);
            try
            {
                await channel.BasicNackAsync(e.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception nack) when (nack is AlreadyClosedException or OperationInterruptedException)
            {
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Job {JobId} ({PluginId}) dead-lettered by RabbitMQ: marked dead (radcnn replay brings it back)")]
    private static partial void DeadLettered(ILogger logger, long jobId, string pluginId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The dead-letter channel was closed ({ReplyCode} {ReplyText}); reconnecting")]
    private static partial void Closed(ILogger logger, ushort replyCode, string replyText);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The dead-letter consumer lost RabbitMQ ({Error}); reconnecting")]
    private static partial void Interrupted(ILogger logger, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A dead letter could not be recorded ({Error}); it goes back to the queue")]
    private static partial void StoreFailed(ILogger logger, string error);
}
