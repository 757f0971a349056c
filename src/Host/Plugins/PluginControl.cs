namespace RadCnn.Host.Plugins;

/// <summary>One plugin's operator control: turned off, and/or held at a version (its text as in the manifest).</summary>
internal sealed record PluginControl(bool Disabled = false, string? PinnedVersion = null)
{
    public static readonly PluginControl None = new();
}
