using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web;

/// <summary>
/// Registers the web face: "RadCnn:Web" bound and validated at start-up, the audit log, and the
/// hosted service that runs ASP.NET Core (dashboard, API, DICOMweb, /metrics) next to the pipeline.
/// </summary>
internal sealed class WebHostModule : IHostModule
{
    // After the pipeline, whose store, ingestor and outbox it serves.
    public int Order => 200;

    public void Configure(HostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebOptions>>().Value);
        builder.Services.AddSingleton(sp => new AuditLog(AuditLog.DefaultPath(sp.GetRequiredService<PipelinePaths>().DataDirectory), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService(sp => new PluginChangeAudit(sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<Plugins.PluginCatalog>()));
        builder.Services.AddSingleton<WebFrontEnd>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebFrontEnd>());
    }
}
