namespace RadCnn.Host.Hosting;

/// <summary>
/// The settings `radcnn run` uses when nothing else is configured: everything under ./var, the
/// DICOM listener on 11112 as RADCNN. Later sources (appsettings, RADCNN_ environment, --Key=value) override them.
/// </summary>
internal static class EmbeddedDefaults
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["RadCnn:DataDirectory"] = "var",
        ["RadCnn:Listener:Port"] = "11112",
        ["RadCnn:Listener:AeTitle"] = "RADCNN",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };
}
