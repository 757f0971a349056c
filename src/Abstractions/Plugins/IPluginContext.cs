using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;

namespace RadCnn.Abstractions.Plugins;

/// <summary>What the host gives a plugin at initialisation; valid until the plugin is disposed.</summary>
public interface IPluginContext
{
    /// <summary>The plugin's validated manifest.</summary>
    PluginManifest Manifest { get; }

    /// <summary>
    /// The folder the plugin was loaded from (a private copy of the deployed folder, so that a new
    /// version copied over the old one cannot change files under a running plugin).
    /// </summary>
    string PluginDirectory { get; }

    /// <summary>
    /// The shared inference engine. Models registered through it belong to this plugin: the host
    /// disposes any handle the plugin has not disposed when the plugin is retired.
    /// </summary>
    IInferenceEngine Engine { get; }

    /// <summary>A logger named after the plugin. Never log patient-identifying values.</summary>
    ILogger Logger { get; }

    /// <summary>The plugin's own configuration section (<c>Plugins:&lt;id&gt;</c> in the host's settings); empty when absent.</summary>
    IConfiguration Configuration { get; }

    /// <summary>The host's clock; use it instead of <see cref="DateTime.Now"/> so tests can control time.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The plugin's service provider: the host's services above plus what <see cref="IRadCnnPlugin.Configure"/> added.</summary>
    IServiceProvider Services { get; }

    /// <summary>
    /// The full path of a model file listed in the manifest, by its <see cref="ModelFile.Name"/>. Its
    /// SHA-256 was checked when the plugin was loaded.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The manifest lists no model of that name.</exception>
    string GetModelPath(string name);
}
