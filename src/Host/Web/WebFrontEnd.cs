using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using RadCnn.Host.Hosting;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Outputs;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Web.Dashboard;
using RadCnn.Host.Web.DicomWeb;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web;

/// <summary>
/// ASP.NET Core inside the service, on its own small container: the pipeline's singletons (store,
/// ingestor, spool, outbox, catalog, audit log, meter provider) are handed over, so the web face
/// reads and writes exactly what the DICOM listener and the runner use. The web face is an extra
/// door: when its port is taken it says so in the log and the DICOM service carries on.
/// </summary>
internal sealed partial class WebFrontEnd(IServiceProvider services, WebOptions options, ILogger<WebFrontEnd> log) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address the web face listens on once started ("http://127.0.0.1:8080"); null when off or not bound.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The running app's endpoints (for the security tests that check every one of them).</summary>
    public EndpointDataSource? Endpoints => _app?.Services.GetService<EndpointDataSource>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var app = Build();
        try
        {
            // Not the host's start token: should the service stop while Kestrel binds (the DICOM port was
            // taken), the web face is stopped with it afterwards instead of failing with a cancellation.
            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel reports a taken port as an IOException wrapping the socket error.
            WebLog.CannotListen(log, options.Address, options.Port, ex.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return;
        }


        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = bound is null ? null : new Uri(bound);
        WebLog.Listening(log, bound ?? "?");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(services.GetRequiredService<ILoggerFactory>()));
        // Request lines carry query strings, and a QIDO-RS search may name a patient: never logged, whatever the log level.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadMegabytes * 1024 * 1024;
            kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen =>
            {
                if (options.UsesHttps)
                {
                    listen.UseHttps(options.LoadCertificate());
                }
            });
        });

        // The pipeline's own instances: one store, one ingest path, one outbox for every door.
        var shared = builder.Services;
        shared.AddSingleton(options);
        shared.AddSingleton(services.GetRequiredService<TimeProvider>());
        shared.AddSingleton(services.GetRequiredService<IJobStore>());
        shared.AddSingleton(services.GetRequiredService<PipelinePaths>());
        shared.AddSingleton(services.GetRequiredService<InstanceIngestor>());
        shared.AddSingleton(services.GetRequiredService<Spool>());
        shared.AddSingleton(services.GetRequiredService<OutboxWriter>());
        shared.AddSingleton(services.GetRequiredService<AuditLog>());
        shared.AddSingleton(services.GetService<ForwardingOptions>() ?? new ForwardingOptions());
        if (services.GetService<PluginCatalog>() is { } catalog)
        {
            shared.AddSingleton(catalog);
        }

        if (services.GetService<MeterProvider>() is { } meters)
        {
            shared.AddSingleton(meters);
        }

        shared.AddSingleton(CredentialSet.Load(options));
        shared.AddSingleton<LoginThrottle>();
        // The pipeline's provider, not the web face's: the engine, its options and meter factory live there.
        shared.AddSingleton(_ => new EngineActivity(services));
        shared.AddSingleton<StatusSnapshot>();
        shared.AddSingleton<JobListCache>();
        shared.AddSingleton<DeliveryList>();
        shared.AddSingleton<ResultIndex>();
        shared.AddSingleton<JobImages>();
        WebSecurity.Add(shared, options);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Nothing the web face shows may be cached by a browser or proxy, or framed by another site.
            // The antiforgery token's own value: a page with a form then needs no override (which antiforgery logs as a warning each time).
            context.Response.Headers.CacheControl = "no-cache, no-store";
            context.Response.Headers.Pragma = "no-cache";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next(context).ConfigureAwait(false);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        LoginEndpoints.Map(app);
        DashboardPages.Map(app);
        DashboardApi.Map(app);
        DeliveryPages.Map(app);
        PluginActions.Map(app);
        StowEndpoint.Map(app);
        QidoWadoEndpoints.Map(app);
        if (app.Services.GetService<MeterProvider>() is not null)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(WebRoles.CanView);
        }

        return app;
    }

    /// <summary>
    /// The web face logs through the service's loggers (same settings, same sinks), except the inner
    /// host's start-up failure with its stack trace: <see cref="WebLog.CannotListen"/> says it in one line.
    /// </summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory service) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName == "Microsoft.Extensions.Hosting.Internal.Host" ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : service.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private static partial class WebLog
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "web face listening on {Address}")]
        public static partial void Listening(ILogger logger, string address);

        [LoggerMessage(Level = LogLevel.Error, Message = "web face off: cannot listen on {Address}:{Port} ({Reason}); the DICOM service carries on")]
        public static partial void CannotListen(ILogger logger, string address, int port, string reason);
    }
}
