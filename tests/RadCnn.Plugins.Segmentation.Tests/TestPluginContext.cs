using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>A plugin context over the plugin's built folder (manifest and hashes checked as the host does) and a real engine.</summary>
internal sealed class TestPluginContext(IInferenceEngine engine, IReadOnlyDictionary<string, string?>? settings = null) : IPluginContext, IServiceProvider
{
    public PluginManifest Manifest { get; } = PluginManifest.Load(Repository.PluginFolder);

    public string PluginDirectory => Repository.PluginFolder;

    public IInferenceEngine Engine => engine;

    public ILogger Logger => NullLogger.Instance;

    public IConfiguration Configuration { get; } = new Settings(settings ?? new Dictionary<string, string?>());

    public TimeProvider TimeProvider => TimeProvider.System;

    public IServiceProvider Services => this;

    public string GetModelPath(string name) => Manifest.GetModelPath(PluginDirectory, name);

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
