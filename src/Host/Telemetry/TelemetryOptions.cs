namespace RadCnn.Host.Telemetry;

/// <summary>
/// Section "RadCnn:Telemetry": which OpenTelemetry exporters run ("console", "otlp"; none by default)
/// and where OTLP goes. Traces and metrics of every RadCnn.* source and meter are exported.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "RadCnn:Telemetry";

    public List<string> Exporters { get; set; } = [];

    public string? OtlpEndpoint { get; set; }

    public string ServiceName { get; set; } = "radcnn";

    public bool Has(string exporter) => Exporters.Contains(exporter, StringComparer.OrdinalIgnoreCase);
}
