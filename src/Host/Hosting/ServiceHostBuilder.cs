using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Hosting;

/// <summary>Builds the RadCnn service host: embedded defaults, then appsettings, environment, command line.</summary>
internal static class ServiceHostBuilder
{
    public static HostApplicationBuilder Create(string[] configurationArgs, string? configFile)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });
        builder.Configuration
            .AddInMemoryCollection(EmbeddedDefaults.Values)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("radcnn.json", optional: true);
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration
            .AddEnvironmentVariables("RADCNN_")
            .AddCommandLine(configurationArgs);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.AddSystemd();
        EngineHostModule.AddEngine(builder);

        var modules = typeof(ServiceHostBuilder).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHostModule).IsAssignableFrom(t))
            .Select(t => (IHostModule)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(m => m.Order);
        foreach (var module in modules)
        {
            module.Configure(builder);
        }

        return builder;
    }
}
