using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The running service's view of its plugins, written to the data directory after every change so
/// that `radcnn plugins` (another process) can show live states: active, draining, unloaded.
/// </summary>
internal sealed class PluginStatusFile(string path, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();

    public static string DefaultPath(string dataDirectory) => Path.Combine(dataDirectory, "plugins-status.json");

    public void Write(PluginCatalog catalog)
    {
        var snapshot = new Snapshot(Environment.ProcessId, time.GetUtcNow(), catalog.PluginsDirectory, catalog.GetStatus());
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

    internal sealed record Snapshot(int ProcessId, DateTimeOffset WrittenAt, string PluginsDirectory, IReadOnlyList<PluginStatus> Plugins);
}
