using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Bench.ReportNlp;

/// <summary>A plugin context over the plugin's built folder and a real engine; probes and evidence on or off.</summary>
internal sealed class BenchContext(string folder, IInferenceEngine engine, bool probes, bool evidence = true) : IPluginContext, IServiceProvider, IConfiguration
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
        get => key switch
        {
            "Probe" or "Perturbations" => probes.ToString(CultureInfo.InvariantCulture),
            "Evidence" => evidence.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        set => throw new NotSupportedException();
    }

    public string GetModelPath(string name) => Manifest.GetModelPath(folder, name);

    public object? GetService(Type serviceType) => null;

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();

    public static IInferenceEngine CreateEngine()
    {
        // The engine's types are internal to the host; created by reflection as the host's defaults would.
        var assembly = System.Reflection.Assembly.Load("RadCnn.Engine");
        var optionsType = assembly.GetType("RadCnn.Engine.EngineOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Device")!.SetValue(options, "cpu");
        return (IInferenceEngine)Activator.CreateInstance(assembly.GetType("RadCnn.Engine.InferenceEngine", throwOnError: true)!, options, null, null, null)!;
    }
}
