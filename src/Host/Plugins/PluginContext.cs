using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Host.Plugins;

/// <summary>The <see cref="IPluginContext"/> the catalog hands one plugin version.</summary>
internal sealed class PluginContext(
    PluginManifest manifest,
    string pluginDirectory,
    IInferenceEngine engine,
    ILogger logger,
    IConfiguration configuration,
    TimeProvider timeProvider) : IPluginContext
{
    private IServiceProvider? _services;

    public PluginManifest Manifest => manifest;

    public string PluginDirectory => pluginDirectory;

    public IInferenceEngine Engine => engine;

    public ILogger Logger => logger;

    public IConfiguration Configuration => configuration;

    public TimeProvider TimeProvider => timeProvider;

    public IServiceProvider Services
    {
        get => _services ?? throw new InvalidOperationException("The plugin's services are built after Configure.");
        set => _services = value;
    }

    public string GetModelPath(string name) => manifest.GetModelPath(pluginDirectory, name);
}
