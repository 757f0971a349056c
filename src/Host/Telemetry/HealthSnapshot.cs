using System.Text.Json;

namespace RadCnn.Host.Telemetry;

/// <summary>health.json: what `radcnn health` checks.</summary>
internal sealed record HealthSnapshot(int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Ready, bool Stopped, int? ListenerPort, long QueueDepth)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
