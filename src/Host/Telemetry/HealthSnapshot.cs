using System.Text.Json;

namespace RadCnn.Host.Telemetry;

/// <summary>
/// health.json: what `radcnn health` checks. <paramref name="Degraded"/>: why the service is not fully ready (a quarantined plugin), empty when it is.
/// <paramref name="NodeId"/> and <paramref name="Role"/>: the cluster node that wrote it (nodes/NODE.health.json), null for a single node.
/// </summary>
internal sealed record HealthSnapshot(int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Ready, bool Stopped, int? ListenerPort, long QueueDepth,
    IReadOnlyList<string>? Degraded = null, string? NodeId = null, string? Role = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
