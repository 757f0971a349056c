using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.TestSupport.Plugins;

/// <summary>
/// The context a plugin's tests initialise it with: its built folder (manifest and model hashes
/// checked as the host checks them), a real engine, settings as the host would pass them, and a logger.
/// </summary>
public class PluginTestContext(string pluginFolder, IInferenceEngine engine, IReadOnlyDictionary<string, string?>? settings = null, ILogger? logger = null)
    : IPluginContext, IServiceProvider
{
    public PluginManifest Manifest { get; } = PluginManifest.Load(pluginFolder);

    public string PluginDirectory => pluginFolder;

    public IInferenceEngine Engine => engine;

    public ILogger Logger => logger ?? NullLogger.Instance;

    public IConfiguration Configuration { get; } = new Settings(settings ?? new Dictionary<string, string?>());

    public TimeProvider TimeProvider => TimeProvider.System;

    public IServiceProvider Services => this;

    public virtual string GetModelPath(string name) => Manifest.GetModelPath(PluginDirectory, name);

    public object? GetService(Type serviceType) => null;

    private sealed class Settings(IReadOnlyDictionary<string, string?> values) : IConfiguration
    {
        public string? this[string key]
        {
            get => values.TryGetValue(key, out var v) ? v : null;
            set => throw new NotSupportedException();
        }

        public IEnumerable<IConfigurationSection> GetChildren() => [];

        public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

        public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
    }
}
