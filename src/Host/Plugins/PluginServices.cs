using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Host.Plugins;

/// <summary>The services a plugin gets, the same in the service and in a plugin host process.</summary>
internal static class PluginServices
{
    /// <summary>Registers the host's services and the plugin's own, builds the provider and hands it to the context.</summary>
    public static ServiceProvider Build(IRadCnnPlugin plugin, PluginContext context, IInferenceEngine engine, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPluginContext>(context);
        services.AddSingleton(engine);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<IConfiguration>(context.Configuration);
        services.AddSingleton(timeProvider);
        plugin.Configure(services);
        var provider = services.BuildServiceProvider();
        context.Services = provider;
        return provider;
    }
}
