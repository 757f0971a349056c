using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Keeps one plugin version loaded while a job uses it: a version that is replaced or removed drains
/// until its last lease is disposed, then it is unloaded. Dispose it when the job is done.
/// </summary>
internal sealed class PluginLease : IDisposable
{
    private readonly PluginCatalog _catalog;
    private LoadedPlugin? _plugin;

    internal PluginLease(PluginCatalog catalog, LoadedPlugin plugin)
    {
        _catalog = catalog;
        _plugin = plugin;
        Manifest = plugin.Manifest;
        Description = plugin.Description;
    }

    public PluginManifest Manifest { get; }

    public string PluginId => Manifest.Id;

    public PluginVersion Version => Manifest.Version;

    public PluginDescription? Description { get; }

    /// <summary>The manifest's rules, then the plugin's own <c>Accepts</c> (guarded: a throwing plugin declines).</summary>
    public bool Accepts(WorkItem item) => Plugin.Accepts(item);

    /// <summary>Why the leased version declines <paramref name="item"/>, or null when it takes it (see <see cref="LoadedPlugin.DeclineReason"/>).</summary>
    public string? DeclineReason(WorkItem item) => Plugin.DeclineReason(item);

    /// <summary>Runs the plugin on <paramref name="item"/> with its timeout and circuit breaker; failures come back as a failed run, never as exceptions.</summary>
    public Task<PluginRun> RunAsync(WorkItem item, CancellationToken cancellationToken) => Plugin.RunAsync(item, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _plugin, null) is { } plugin)
        {
            _catalog.Release(plugin);
        }
    }

    private LoadedPlugin Plugin => _plugin ?? throw new ObjectDisposedException(nameof(PluginLease));
}
