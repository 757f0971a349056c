using System.Text.Json;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Telemetry;

/// <summary>
/// health.json: what `radcnn health` checks. <paramref name="Degraded"/>: why the service is not fully ready (a quarantined plugin), empty when it is.
/// <paramref name="NodeId"/> and <paramref name="Role"/>: the cluster node that wrote it (nodes/NODE.health.json), null for a single node.
/// </summary>
internal sealed record HealthSnapshot(int ProcessId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Ready, bool Stopped, int? ListenerPort, long QueueDepth,
    IReadOnlyList<string>? Degraded = null, string? NodeId = null, string? Role = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The data directory's health.json, or null when there is none or it cannot be read (being replaced, damaged).</summary>
    public static HealthSnapshot? Read(PipelinePaths paths) => ReadFile(paths.HealthFile);

    /// <summary>Every cluster node's health file in the data directory (nodes/*.health.json), by node id; links are not followed.</summary>
    public static IReadOnlyDictionary<string, HealthSnapshot> ReadNodes(PipelinePaths paths)
    {
        var nodes = new SortedDictionary<string, HealthSnapshot>(StringComparer.Ordinal);
        if (!Directory.Exists(paths.NodesDirectory))
        {
            return nodes;
        }

        foreach (var file in Directory.EnumerateFiles(paths.NodesDirectory, "*.health.json"))
        {
            if (new FileInfo(file).LinkTarget is null && ReadFile(file) is { } snapshot)
            {
                nodes[Path.GetFileName(file)[..^".health.json".Length]] = snapshot;
            }
        }

        return nodes;
    }

    /// <summary>One health file, or null when there is none or it cannot be read (being replaced, damaged).</summary>
    public static HealthSnapshot? ReadFile(string path)
    {
        try
        {
            return File.Exists(path)
                ? JsonSerializer.Deserialize<HealthSnapshot>(File.ReadAllBytes(path), JsonOptions)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
