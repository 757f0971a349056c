using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Queue;

/// <summary>
/// Section "RadCnn:Queue": the RabbitMQ work queue between ingest nodes and workers. Off by default (one node
/// polls its store). When on, jobs are published through the store's outbox and workers take them from the
/// broker; meant for the PostgreSQL store that every node shares. Checked at start-up.
/// </summary>
internal sealed class QueueOptions : IValidatableObject
{
    public const string Section = "RadCnn:Queue";

    public bool Enabled { get; set; }

    /// <summary>amqp://user:password@host:5672/vhost (amqps:// for TLS).</summary>
    public string? Uri { get; set; }

    /// <summary>
    /// Unacknowledged messages a worker holds per priority level; 0 = the runner's worker count plus one, so every
    /// worker (the engine's batch) is fed, one job of each level waits at hand, and nothing more is hoarded from other workers.
    /// </summary>
    [Range(0, 10000)]
    public int Prefetch { get; set; }

    /// <summary>How often the outbox relay looks for rows it was not told about (another node's replay).</summary>
    [Range(0.05, 3600)]
    public double RelayPollSeconds { get; set; } = 0.5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps"))
        {
            yield return new ValidationResult($"{Section}:Uri must be an amqp:// or amqps:// address when {Section}:Enabled is true", [nameof(Uri)]);
        }
    }
}
