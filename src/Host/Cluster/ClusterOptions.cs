using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Cluster;

/// <summary>
/// Section "RadCnn:Cluster": this node's role and name among the nodes that share a PostgreSQL store.
/// <see cref="NodeId"/> must stay the same across restarts (it names the jobs the node runs, which it takes
/// back after a crash) and differ between nodes; the host name is the default.
/// </summary>
internal sealed class ClusterOptions : IValidatableObject
{
    public const string Section = "RadCnn:Cluster";

    public ClusterRole Role { get; set; } = ClusterRole.All;

    /// <summary>Also names the node's health file in the shared data directory, hence letters, digits, '.', '_' and '-' only.</summary>
    [StringLength(128)]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "RadCnn:Cluster:NodeId must be letters, digits, '.', '_' or '-' (it names the node's health file)")]
    public string? NodeId { get; set; }

    /// <summary>How often the node writes its heartbeat into the store.</summary>
    [Range(0.1, 3600)]
    public double HeartbeatSeconds { get; set; } = 5;

    /// <summary>A node silent this long is taken for dead: its running jobs go back to the queue for other workers.</summary>
    [Range(1, 86400)]
    public double SilentAfterSeconds { get; set; } = 30;

    public bool Ingests => Role is ClusterRole.All or ClusterRole.Ingest;

    public bool Works => Role is ClusterRole.All or ClusterRole.Worker;

    public string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId) ? Environment.MachineName : NodeId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Role))
        {
            yield return new ValidationResult($"{Section}:Role must be all, ingest or worker", [nameof(Role)]);
        }

        if (SilentAfterSeconds < HeartbeatSeconds * 3)
        {
            yield return new ValidationResult($"{Section}:SilentAfterSeconds must be at least three heartbeats ({HeartbeatSeconds * 3} s), or a slow node's jobs would run twice", [nameof(SilentAfterSeconds)]);
        }
    }
}
