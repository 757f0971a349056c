using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RadCnn.Host.Store;

namespace RadCnn.Host.Queue;

/// <summary>
/// Turns RabbitMQ's dead letters into RadCnn's dead state: a job whose message was handed out more times than
/// it has attempts (workers that took it kept dying) becomes dead in the store, with the reason, and
/// `radcnn replay` brings it back like any dead job. Runs on ingest nodes.
/// </summary>
internal sealed partial class DeadLetterConsumer(IJobStore store, QueueOptions options, TimeProvider time, ILogger<DeadLetterConsumer> log)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var connection = await JobQueues.ConnectWhenReachableAsync(options, "radcnn-dead-letters", recover: true, time, unreachable: null, stoppingToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await JobQueues.DeclareDeadLetterAsync(channel, stoppingToken).ConfigureAwait(false);
            await channel.BasicQosAsync(0, 16, global: false, stoppingToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, e) =>
            {
                if (JobQueues.JobId(e.Body) is { } jobId && await store.GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false) is { } job
                    && job.State is not (JobState.Done or JobState.Dead or JobState.Superseded))
                {
                    await store.FailJobAsync(jobId, $"its queue message was delivered {job.Attempts} time(s) and no worker acknowledged it (each stopped during the job); dead-lettered by RabbitMQ",
                        dead: true, CancellationToken.None).ConfigureAwait(false);
                    DeadLettered(log, jobId, job.PluginId);
                }

                await channel.BasicAckAsync(e.DeliveryTag, multiple: false).ConfigureAwait(false);
            };
            await channel.BasicConsumeAsync(JobQueues.DeadLetterQueue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Job {JobId} ({PluginId}) dead-lettered by RabbitMQ: marked dead (radcnn replay brings it back)")]
    private static partial void DeadLettered(ILogger logger, long jobId, string pluginId);
}
