using RabbitMQ.Client;

namespace RadCnn.Host.Queue;

/// <summary>
/// The broker's topology. One durable quorum queue per plugin and priority level (radcnn.job.PLUGIN.stat,
/// .routine, .background): quorum queues replicate and survive a broker restart but offer only two message
/// priorities, so the three levels are three queues and a worker takes stat before routine before background
/// from what it holds. A message delivered more times than the job has attempts goes to the dead-letter
/// exchange, whose queue RadCnn turns into the job's dead state.
/// </summary>
internal static class JobQueues
{
    public const string DeadLetterExchange = "radcnn.dead";
    public const string DeadLetterQueue = "radcnn.dead";

    public static readonly IReadOnlyList<string> Levels = ["stat", "routine", "background"];

    /// <summary>0 = stat, 1 = routine, 2 and above = background (RoutingRule's priorities).</summary>
    public static int Level(int priority) => Math.Clamp(priority, 0, Levels.Count - 1);

    public static string Name(string pluginId, int priority) => $"radcnn.job.{pluginId}.{Levels[Level(priority)]}";

    /// <summary>Declares a plugin's queue at one level (idempotent; every node declares the same arguments).</summary>
    public static Task DeclareAsync(IChannel channel, string pluginId, int priority, int deliveryLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.QueueDeclareAsync(Name(pluginId, priority), durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = deliveryLimit,
                ["x-dead-letter-exchange"] = DeadLetterExchange,
            }, cancellationToken: cancellationToken);
    }

    public static async Task DeclareDeadLetterAsync(IChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A connection, tried again every second while the broker cannot be reached (<paramref name="unreachable"/>
    /// hears each failure's type). With <paramref name="recover"/> it re-opens itself and its consumers after a broker restart.
    /// </summary>
    public static async Task<IConnection> ConnectWhenReachableAsync(QueueOptions options, string clientName, bool recover, TimeProvider time,
        Action<string>? unreachable, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await ConnectAsync(options, clientName, recover, cancellationToken).ConfigureAwait(false);
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex)
            {
                unreachable?.Invoke(ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A connection; with <paramref name="recover"/> it re-opens itself and its consumers after a broker restart.</summary>
    public static Task<IConnection> ConnectAsync(QueueOptions options, string clientName, bool recover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(options.Uri!),
            AutomaticRecoveryEnabled = recover,
            TopologyRecoveryEnabled = recover,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            ClientProvidedName = clientName,
        };
        return factory.CreateConnectionAsync(cancellationToken);
    }

    /// <summary>The message body: the job id, nothing about the patient.</summary>
    public static ReadOnlyMemory<byte> Body(long jobId) => System.Text.Encoding.ASCII.GetBytes(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static long? JobId(ReadOnlyMemory<byte> body) =>
        long.TryParse(System.Text.Encoding.ASCII.GetString(body.Span), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
