using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Plugins;

/// <summary>Registers the plugin catalog and the service that starts it, watches the directory and stops it.</summary>
internal sealed class PluginCatalogModule : IHostModule
{
    // After the engine (which plugins initialise against), before the pipeline that asks for leases.
    public int Order => 50;

    public void Configure(HostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = new PluginCatalogOptions();
            configuration.GetSection(PluginCatalogOptions.Section).Bind(options);
            options.Validate();
            var dataDirectory = Path.GetFullPath(configuration["RadCnn:DataDirectory"] ?? "var");
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger<PluginCatalog>();
            if (string.IsNullOrWhiteSpace(options.Directory))
            {
                // The operator chose no plugins directory: the default one gets the shipped plugins.
                options.Directory = Path.Combine(dataDirectory, "plugins");
                if ((string.IsNullOrWhiteSpace(options.Shipped) ? ShippedPlugins.FromEnvironment() : options.Shipped) is { } shipped)
                {
                    foreach (var state in ShippedPlugins.Install(shipped, options.Directory))
                    {
                        PluginLog.Shipped(log, state.Name, state.Action.ToString(), options.Directory);
                    }
                }
            }

            var host = new PluginHostServices(
                options,
                sp.GetService<IInferenceEngine>() ?? new UnavailableInferenceEngine(),
                configuration,
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>());
            var catalog = new PluginCatalog(host, options.Directory, new PluginControls(PluginControls.DefaultPath(dataDirectory)));
            return catalog;
        });
        builder.Services.AddHostedService<PluginCatalogService>();
    }
}
