using System.Text.Json;

namespace RadCnn.Host.Telemetry;

/// <summary>health.json: what `radcnn health` checks. <paramref name="Degraded"/>: why the service is not fully ready (a quarantined plugin), empty when it is.</summary>
internal sealed record HealthSnapshot(int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Ready, bool Stopped, int? ListenerPort, long QueueDepth,
    IReadOnlyList<string>? Degraded = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
