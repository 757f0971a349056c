using Microsoft.Extensions.Hosting;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Web.Security;

/// <summary>
/// Writes every plugin change the catalog makes (a version deployed, replaced, draining, unloaded,
/// failed, quarantined) to the audit log, as done by the plugins folder: the dashboard's hot-swap
/// history. Changes an operator asks for from the web face are audited under their name as well.
/// </summary>
internal sealed class PluginChangeAudit(AuditLog audit, PluginCatalog catalog) : IHostedService
{
    public const string Actor = "plugins-folder";

    private readonly Lock _gate = new();
    private Dictionary<(string Id, string? Version, string Folder), string> _known = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnChanged;
        OnChanged(null, EventArgs.Empty);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            var now = catalog.GetStatus().GroupBy(s => (s.Id, s.Version, s.Folder)).ToDictionary(g => g.Key, g => g.First().State);
            foreach (var (key, state) in now)
            {
                if (!_known.TryGetValue(key, out var before) || before != state)
                {
                    audit.Write(Actor, "watcher", "plugin " + state, $"{key.Id} {key.Version}", before is null ? state : $"{before} -> {state}");
                }
            }

            foreach (var gone in _known.Keys.Where(k => !now.ContainsKey(k)))
            {
                audit.Write(Actor, "watcher", "plugin removed", $"{gone.Id} {gone.Version}", "removed");
            }

            _known = now;
        }
    }
}
