using RadCnn.Abstractions.Engine;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>The Detection plugin's built folder and a real engine, as the host would initialise it.</summary>
internal sealed class TestPluginContext(IInferenceEngine engine, IReadOnlyDictionary<string, string?>? settings = null)
    : PluginTestContext(Repository.PluginFolder, engine, settings);
