using RadCnn.Abstractions.Engine;

namespace RadCnn.Abstractions.Manifest;

/// <summary>
/// A plugin's <c>plugin.json</c>: who it is, what it accepts, which files it ships and how the host
/// should run it. See docs/plugins.md for the file format.
/// </summary>
public sealed record PluginManifest
{
    /// <summary>The manifest's file name inside a plugin folder.</summary>
    public const string FileName = "plugin.json";

    /// <summary>Stable identifier: lower-case letters, digits and '.', '-' or '_' between them, for example "radcnn.detection.tb".</summary>
    public required string Id { get; init; }

    /// <summary>The plugin's version; a higher version deployed beside or over this one replaces it.</summary>
    public required PluginVersion Version { get; init; }

    /// <summary>Name shown to operators.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The plugin's main assembly file, relative to its folder, for example "RadCnn.Plugins.Detection.dll".</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>Full name of the type implementing <c>IRadCnnPlugin</c>; null when the entry assembly holds exactly one.</summary>
    public string? EntryType { get; init; }

    /// <summary>The contract version the plugin was built against; the host must provide the same major and at least this minor.</summary>
    public required Version MinContractVersion { get; init; }

    /// <summary>Routing rules.</summary>
    public PluginAcceptRules Accepts { get; init; } = new();

    /// <summary>Model files with their SHA-256.</summary>
    public IReadOnlyList<ModelFile> Models { get; init; } = [];

    /// <summary>How long one <c>ProcessAsync</c> call may run before the host cancels it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Priority of this plugin's work when the item itself does not say otherwise.</summary>
    public InferencePriority Priority { get; init; } = InferencePriority.Routine;

    /// <summary>Parses and validates manifest JSON (without checking files).</summary>
    /// <exception cref="PluginManifestException">The JSON is malformed or a field is missing or invalid; lists every problem.</exception>
    public static PluginManifest Parse(string json) => PluginManifestReader.Parse(json);

    /// <summary>
    /// Reads <c>plugin.json</c> from <paramref name="pluginDirectory"/>, validates it, and checks that the
    /// entry assembly exists and every model file matches its SHA-256.
    /// </summary>
    /// <exception cref="PluginManifestException">Anything is wrong; lists every problem.</exception>
    public static PluginManifest Load(string pluginDirectory)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectory);
        var path = System.IO.Path.Combine(pluginDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new PluginManifestException($"{FileName} not found in {pluginDirectory}.");
        }

        var manifest = Parse(File.ReadAllText(path));
        var errors = manifest.VerifyFiles(pluginDirectory);
        return errors.Count == 0 ? manifest : throw new PluginManifestException(errors);
    }

    /// <summary>
    /// Checks the files the manifest names inside <paramref name="pluginDirectory"/>: the entry assembly
    /// exists, every model file exists and its SHA-256 matches. Returns the problems; empty when all is well.
    /// </summary>
    public IReadOnlyList<string> VerifyFiles(string pluginDirectory) => PluginFileVerifier.Verify(this, pluginDirectory);

    /// <summary>The full path of a model file inside <paramref name="pluginDirectory"/>.</summary>
    /// <exception cref="KeyNotFoundException">No model of that name.</exception>
    public string GetModelPath(string pluginDirectory, string name)
    {
        var model = Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"Plugin {Id} lists no model named '{name}' in {FileName}.");
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(pluginDirectory, model.Path));
    }
}
