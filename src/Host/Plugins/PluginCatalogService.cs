using Microsoft.Extensions.Hosting;

namespace RadCnn.Host.Plugins;

/// <summary>Starts the catalog with the host (initial load, then watching) and retires every plugin at shutdown.</summary>
internal sealed class PluginCatalogService(PluginCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalog.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await catalog.DisposeAsync().ConfigureAwait(false);
}
