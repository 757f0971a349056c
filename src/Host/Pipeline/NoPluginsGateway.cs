using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;

namespace RadCnn.Host.Pipeline;

/// <summary>The gateway when no plugin catalog is registered: nothing routes, every item is recorded unrouted.</summary>
internal sealed class NoPluginsGateway : IPluginGateway
{
    public IReadOnlyList<RoutablePlugin> Active() => [];

    public Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken) =>
        throw new PluginUnavailableException($"no plugin catalog: plugin {pluginId} cannot run");
}
