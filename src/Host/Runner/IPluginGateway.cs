using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;

namespace RadCnn.Host.Runner;

/// <summary>
/// What the pipeline needs of the plugin catalog: the versions taking new work (for routing) and a
/// guarded run of one plugin (timeout, circuit breaker and isolation are the catalog's).
/// </summary>
internal interface IPluginGateway
{
    IReadOnlyList<RoutablePlugin> Active();

    /// <summary>Runs the active version of <paramref name="pluginId"/>; throws <see cref="PluginUnavailableException"/> when none can take work.</summary>
    Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken);
}
