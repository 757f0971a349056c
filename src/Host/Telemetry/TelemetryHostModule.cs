using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the service: traces of RadCnn.* sources (one trace per work item), metrics of
/// RadCnn.* meters, and logs, sent to the exporters named in "RadCnn:Telemetry:Exporters".
/// </summary>
internal sealed class TelemetryHostModule : IHostModule
{
    public int Order => 10;

    public void Configure(HostApplicationBuilder builder)
    {
        var options = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.Section).Bind(options);
        var otlp = options.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetryHostModule).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource("RadCnn.*");
                if (options.Has("console"))
                {
                    tracing.AddConsoleExporter();
                }

                if (options.Has("otlp"))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp ?? o.Endpoint);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("RadCnn.*");
                // Read only when the web face's /metrics is scraped (Prometheus text format).
                metrics.AddPrometheusExporter();
                if (options.Has("console"))
                {
                    metrics.AddConsoleExporter();
                }

                if (options.Has("otlp"))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp ?? o.Endpoint);
                }
            });
        if (options.Has("otlp"))
        {
            builder.Services.AddOpenTelemetry().WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = otlp ?? o.Endpoint));
        }
    }
}
