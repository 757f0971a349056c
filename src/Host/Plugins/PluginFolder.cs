using RadCnn.Abstractions.Manifest;

namespace RadCnn.Host.Plugins;

/// <summary>
/// A folder under the plugins directory as last seen: its fingerprint (names, sizes, times of its
/// files) and either its checked manifest or why it cannot be used.
/// </summary>
internal sealed record PluginFolder(string Path, string Fingerprint, PluginManifest? Manifest, string? Error)
{
    /// <summary>Why loading this exact content failed (cleared when the fingerprint changes).</summary>
    public string? LoadError { get; set; }

    public bool IsCandidate => Manifest is not null && Error is null && LoadError is null;
}
