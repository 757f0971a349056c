namespace RadCnn.Dicom.Iods;

/// <summary>
/// What made a result: the plugin's id and version (written as Software Versions, Manufacturer's Model
/// Name, segment algorithm name and SR device observer), and the RadCnn host version beside it.
/// </summary>
public sealed record AlgorithmIdentity(string PluginId, string Version)
{
    /// <summary>Human-readable name of the model or plugin; defaults to the plugin id.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The RadCnn host's version, written as the second Software Versions value.</summary>
    public string HostVersion { get; init; } = "0.1.0";

    /// <summary>Device Serial Number (type 1 in the Enhanced General Equipment module of SEG).</summary>
    public string DeviceSerialNumber { get; init; } = "RADCNN-0001";

    /// <summary>"plugin-id version", the way the results name the algorithm.</summary>
    public string Name => $"{DisplayName ?? PluginId} {Version}";
}
