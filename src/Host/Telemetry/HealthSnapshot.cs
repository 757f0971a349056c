using System.Text.Json;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Telemetry;

/// <summary>health.json: what `radcnn health` checks. <paramref name="Degraded"/>: why the service is not fully ready (a quarantined plugin), empty when it is.</summary>
internal sealed record HealthSnapshot(int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Ready, bool Stopped, int? ListenerPort, long QueueDepth,
    IReadOnlyList<string>? Degraded = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The data directory's health.json, or null when there is none or it cannot be read (being replaced, damaged).</summary>
    public static HealthSnapshot? Read(PipelinePaths paths)
    {
        try
        {
            return File.Exists(paths.HealthFile)
                ? JsonSerializer.Deserialize<HealthSnapshot>(File.ReadAllBytes(paths.HealthFile), JsonOptions)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
