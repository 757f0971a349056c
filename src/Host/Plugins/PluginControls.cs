using System.Text.Json;
using RadCnn.Host.Store;

namespace RadCnn.Host.Plugins;

/// <summary>
/// An operator's choices the plugins folder alone cannot express: a plugin turned off (no version
/// active, its jobs wait) or held at an earlier version than the highest in the folder (a roll-back;
/// the version must still be there, superseded). Kept in a JSON file in the data directory, written
/// atomically, so the choice survives a restart; without a file (tests, tools) only in memory.
/// </summary>
internal sealed class PluginControls
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string? _path;
    private readonly Lock _gate = new();
    private Dictionary<string, PluginControl> _controls;

    /// <param name="path">The file (created on the first change); null keeps the choices in memory only.</param>
    /// <exception cref="InvalidOperationException">The file exists but is not a controls file.</exception>
    public PluginControls(string? path = null)
    {
        _path = path;
        _controls = new(StringComparer.Ordinal);
        if (path is not null && File.Exists(path))
        {
            try
            {
                _controls = new(JsonSerializer.Deserialize<Dictionary<string, PluginControl>>(File.ReadAllBytes(path), Json) ?? [], StringComparer.Ordinal);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"{path} is not a plugin controls file ({ex.Message}); fix or remove it", ex);
            }
        }
    }

    public static string DefaultPath(string dataDirectory) => Path.Combine(dataDirectory, "plugin-controls.json");

    public PluginControl Get(string pluginId)
    {
        lock (_gate)
        {
            return _controls.GetValueOrDefault(pluginId) ?? PluginControl.None;
        }
    }

    public void Set(string pluginId, PluginControl control)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, PluginControl>(_controls, StringComparer.Ordinal);
            if (control == PluginControl.None)
            {
                next.Remove(pluginId);
            }
            else
            {
                next[pluginId] = control;
            }

            if (_path is not null)
            {
                var folder = Path.GetDirectoryName(_path)!;
                Directory.CreateDirectory(folder);
                var temp = _path + ".tmp";
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(stream, next, Json);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, _path, overwrite: true);
                DurableFile.SyncDirectory(folder);
            }

            _controls = next;
        }
    }
}
