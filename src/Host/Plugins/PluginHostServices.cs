using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;

namespace RadCnn.Host.Plugins;

/// <summary>What the catalog hands every plugin version it loads.</summary>
internal sealed record PluginHostServices(
    PluginCatalogOptions Options,
    IInferenceEngine Engine,
    IConfiguration Configuration,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider);
