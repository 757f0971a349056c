using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Bench.Classification;

/// <summary>A plugin context over the built plugin folder with the probe switch.</summary>
internal sealed class BenchContext(string folder, IInferenceEngine engine, bool probe) : IPluginContext, IServiceProvider, IConfiguration
{
    public PluginManifest Manifest { get; } = PluginManifest.Load(folder);

    public string PluginDirectory => folder;

    public IInferenceEngine Engine => engine;

    public ILogger Logger => NullLogger.Instance;

    public IConfiguration Configuration => this;

    public TimeProvider TimeProvider => TimeProvider.System;

    public IServiceProvider Services => this;

    public string? this[string key]
    {
        get => key == "Probe" ? probe.ToString(CultureInfo.InvariantCulture) : null;
        set => throw new NotSupportedException();
    }

    public string GetModelPath(string name) => Manifest.GetModelPath(folder, name);

    public object? GetService(Type serviceType) => null;

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
}
