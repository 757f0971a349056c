using System.Text.Json;
using System.Text.Json.Serialization;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The running service's view of its plugins, written to the data directory after every change so
/// that `radcnn plugins` (another process) can show live states: active, draining, unloaded. A cluster
/// node shares the data directory with the others and may see its plugins differently (one quarantined
/// here, active there), so it writes its own file, nodes/NODE.plugins-status.json.
/// </summary>
internal sealed class PluginStatusFile(string path, TimeProvider time, string? nodeId = null)
{
    private const string NodeSuffix = ".plugins-status.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();

    public static string DefaultPath(string dataDirectory) => Path.Combine(dataDirectory, "plugins-status.json");

    /// <summary>A service's file: the data directory's for a single node (<paramref name="nodeId"/> null), nodes/NODE.plugins-status.json for a cluster node.</summary>
    public static PluginStatusFile For(PipelinePaths paths, string? nodeId, TimeProvider time) =>
        nodeId is not null
            ? new PluginStatusFile(Path.Combine(paths.NodesDirectory, nodeId + NodeSuffix), time, nodeId)
            : new PluginStatusFile(DefaultPath(paths.DataDirectory), time);

    /// <summary>
    /// Every running service's snapshot in the data directory: the single node's first (if running), then
    /// each live cluster node's by node id. Links are not followed; a file being replaced or damaged is skipped.
    /// </summary>
    public static IReadOnlyList<Snapshot> ReadAllLive(PipelinePaths paths)
    {
        var live = new List<Snapshot>();
        if (ReadLive(DefaultPath(paths.DataDirectory)) is { } single)
        {
            live.Add(single);
        }

        if (Directory.Exists(paths.NodesDirectory))
        {
            live.AddRange(Directory.EnumerateFiles(paths.NodesDirectory, "*" + NodeSuffix)
                .Where(file => new FileInfo(file).LinkTarget is null)
                .Order(StringComparer.Ordinal)
                .Select(ReadLive)
                .OfType<Snapshot>());
        }

        return live;
    }

    public void Write(PluginCatalog catalog)
    {
        var snapshot = new Snapshot(Environment.ProcessId, time.GetUtcNow(), catalog.PluginsDirectory, catalog.GetStatus(), nodeId);
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(snapshot, Json));
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>The snapshot a live service wrote, or null when there is none or its process has ended.</summary>
    public static Snapshot? ReadLive(string path)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(path), Json);
            return snapshot is not null && IsRunning(snapshot.ProcessId) ? snapshot : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>One service's plugins; <paramref name="NodeId"/>: the cluster node that wrote it, null for a single node.</summary>
    internal sealed record Snapshot(int ProcessId, DateTimeOffset WrittenAt, string PluginsDirectory, IReadOnlyList<PluginStatus> Plugins, string? NodeId = null);
}
