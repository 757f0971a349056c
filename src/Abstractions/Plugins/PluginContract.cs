namespace RadCnn.Abstractions.Plugins;

/// <summary>
/// The version of this contract. A plugin records the version it was built against
/// (<c>minContractVersion</c> in its manifest, and the RadCnn.Abstractions reference in its assembly);
/// a host loads it when the major versions are equal and the host's minor version is at least the plugin's.
/// </summary>
public static class PluginContract
{
    /// <summary>The contract version this assembly provides (equal to its assembly version's major and minor).</summary>
    public static Version Version { get; } = new(1, 2);

    /// <summary>Whether a plugin built against <paramref name="builtAgainst"/> can run on this contract.</summary>
    public static bool IsCompatible(Version builtAgainst)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        return builtAgainst.Major == Version.Major && builtAgainst.Minor <= Version.Minor;
    }
}
