using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The plugins the host runs, kept in step with the plugins directory: for each plugin id the
/// highest-version folder that loads is active; a replaced or removed version drains its leases and is
/// unloaded; a folder that cannot be used is reported and costs nothing else.
/// </summary>
/// <remarks>
/// The pipeline asks <see cref="GetActive"/> what can run and <see cref="Acquire"/> or
/// <see cref="AcquireMatching"/> for a lease that keeps the version loaded while a job runs on it.
/// </remarks>
internal sealed partial class PluginCatalog : IAsyncDisposable
{
    private const int RetiredHistory = 20;

    private readonly PluginHostServices _host;
    private readonly ILogger _log;
    private readonly ShadowRoot _shadowRoot;
    private readonly PluginControls _controls;
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LoadedPlugin> _active = new(StringComparer.Ordinal);
    private readonly List<LoadedPlugin> _draining = [];
    private readonly List<LoadedPlugin> _retired = [];
    private Dictionary<string, PluginFolder> _folders = new(StringComparer.Ordinal);
    private PluginDirectoryWatcher? _watcher;
    private (int, int, string)? _lastSummary;
    private bool _disposed;
    private volatile bool _scanned;
    private int _disposeStarted;

    /// <param name="host">What loaded plugins get.</param>
    /// <param name="pluginsDirectory">The folder operators deploy plugin folders to.</param>
    /// <param name="controls">Plugins an operator turned off or rolled back; none where null.</param>
    public PluginCatalog(PluginHostServices host, string pluginsDirectory, PluginControls? controls = null)
    {
        _controls = controls ?? new PluginControls();
        _host = host;
        _log = host.LoggerFactory.CreateLogger("RadCnn.Host.Plugins.Catalog");
        PluginsDirectory = Path.GetFullPath(pluginsDirectory);
        _shadowRoot = ShadowRoot.For(host.Options.ShadowDirectory, Path.GetTempPath());
    }

    public string PluginsDirectory { get; }

    /// <summary>Raised after the set of plugins or their states changed (on the catalog's own thread; keep it short).</summary>
    public event EventHandler? Changed;

    /// <summary>Loads what the directory holds now and starts watching it. A missing directory is created: a host with no plugins runs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PluginsDirectory);
        if (_shadowRoot.RemoveLeftovers() is > 0 and var leftovers)
        {
            PluginLog.LeftoversRemoved(_log, leftovers);
        }

        await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        _watcher = new PluginDirectoryWatcher(PluginsDirectory, _host.Options, _host.TimeProvider, _log, ReconcileAsync);
        _watcher.Start();
    }

    /// <summary>The manifests of the versions receiving new work, one per plugin id.</summary>
    public IReadOnlyList<PluginManifest> GetActive()
    {
        lock (_gate)
        {
            return [.. _active.Values.Select(p => p.Manifest).OrderBy(m => m.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>A lease on the active version of <paramref name="pluginId"/>, or null when none is active. Dispose it when the job ends.</summary>
    public PluginLease? Acquire(string pluginId)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(pluginId, out var plugin) && plugin.State == PluginState.Active)
            {
                plugin.Leases++;
                return new PluginLease(this, plugin);
            }
        }

        return null;
    }

    /// <summary>Leases on every active plugin that accepts <paramref name="item"/> (manifest rules, then the plugin's own check).</summary>
    public IReadOnlyList<PluginLease> AcquireMatching(WorkItem item)
    {
        var leases = new List<PluginLease>();
        // The leased version's one check (its manifest's rules, then its own): evaluated once per version.
        foreach (var manifest in GetActive())
        {
            var lease = Acquire(manifest.Id);
            if (lease is null)
            {
                continue;
            }

            if (lease.DeclineReason(item) is null)
            {
                leases.Add(lease);
            }
            else
            {
                lease.Dispose();
            }
        }

        return leases;
    }

    /// <summary>Completes when every unload begun so far has finished (for shutdown and tests).</summary>
    public Task WhenUnloadedAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_draining.Concat(_retired).Select(p => p.Unloading).OfType<Task<bool>>());
        }
    }

    /// <summary>Brings the loaded plugins in step with the directory. Safe to call at any time; calls are serialised.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconcile.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            var scanned = PluginFolderScanner.Scan(PluginsDirectory, _folders);
            foreach (var folder in scanned.Where(f => f.Error is not null && !IsKnown(f)))
            {
                PluginLog.LoadFailed(_log, folder.Path, folder.Error!);
            }

            lock (_gate)
            {
                _folders = scanned.ToDictionary(f => f.Path, StringComparer.Ordinal);
            }

            var ids = scanned.Where(f => f.Manifest is not null).Select(f => f.Manifest!.Id)
                .Concat(GetActive().Select(m => m.Id))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var id in ids)
            {
                await ReconcileOneAsync(id, scanned, cancellationToken).ConfigureAwait(false);
            }

            _scanned = true;

            lock (_gate)
            {
                var failed = _folders.Values.Count(f => f.Error is not null || f.LoadError is not null);
                var summary = (_active.Count, failed, string.Join(",", _active.Values.Select(p => p.Id + "@" + p.VersionText)));
                if (summary != _lastSummary)
                {
                    _lastSummary = summary;
                    PluginLog.Scanned(_log, PluginsDirectory, _active.Count, failed);
                }
            }
        }
        finally
        {
            _reconcile.Release();
        }

        OnChanged();
    }

    private async Task ReconcileOneAsync(string id, IReadOnlyList<PluginFolder> scanned, CancellationToken cancellationToken)
    {
        LoadedPlugin? active;
        lock (_gate)
        {
            _active.TryGetValue(id, out active);
        }

        var control = _controls.Get(id);
        if (control.Disabled)
        {
            if (active is not null)
            {
                Retire(active, DisabledReason);
            }

            return;
        }

        // A roll-back holds the plugin at its version while a folder of that version can be loaded; otherwise the highest wins again.
        var pinned = control.PinnedVersion is { } pin && scanned.Any(f => f.IsCandidate && f.Manifest!.Id == id && f.Manifest.Version.ToString() == pin) ? pin : null;

        // The running version stays a candidate only while its folder still holds what was loaded (and it is the pinned one, if any).
        var activeCurrent = active is not null && scanned.Any(f => f.Path == active.Folder.Path && f.Fingerprint == active.Folder.Fingerprint)
            && (pinned is null || active.VersionText == pinned);
        var candidates = scanned
            .Where(f => f.IsCandidate && f.Manifest!.Id == id && (pinned is null || f.Manifest.Version.ToString() == pinned))
            .OrderByDescending(f => f.Manifest!.Version)
            .ThenBy(f => f.Path, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (activeCurrent && (pinned is not null || candidate.Manifest!.Version <= active!.Manifest.Version))
            {
                return;
            }

            try
            {
                var loaded = await LoadedPlugin.LoadAsync(candidate, _shadowRoot, _host, cancellationToken).ConfigureAwait(false);
                Activate(loaded);
                return;
            }
            catch (PluginLoadException ex)
            {
                candidate.LoadError = ex.Message;
                PluginLog.LoadFailed(_log, candidate.Path, ex.Message);
            }
        }

        if (active is not null && !activeCurrent)
        {
            if (pinned is not null && active.VersionText != pinned)
            {
                return; // the pinned version did not load: keep serving the running one
            }

            var folder = scanned.FirstOrDefault(f => f.Path == active.Folder.Path);
            if (folder is null || (folder.Manifest is { } m && m.Id != id))
            {
                Retire(active, "its folder was removed");
            }

            // Otherwise its folder was overwritten with something that does not load: keep serving the old version.
        }
    }

    private void Activate(LoadedPlugin loaded)
    {
        LoadedPlugin? previous;
        lock (_gate)
        {
            _active.TryGetValue(loaded.Id, out previous);
            loaded.State = PluginState.Active;
            loaded.QuarantineChanged = OnChanged;
            _active[loaded.Id] = loaded;
        }

        PluginLog.Activated(_log, loaded.Id, loaded.VersionText, loaded.Folder.Path);
        if (previous is not null)
        {
            Retire(previous, $"replaced by {loaded.VersionText}");
        }
    }

    private void Retire(LoadedPlugin plugin, string reason)
    {
        int inFlight;
        lock (_gate)
        {
            if (_active.TryGetValue(plugin.Id, out var current) && ReferenceEquals(current, plugin))
            {
                _active.Remove(plugin.Id);
            }

            plugin.State = PluginState.Draining;
            plugin.StateReason = reason;
            _draining.Add(plugin);
            inFlight = plugin.Leases;
            StartUnloadIfIdle(plugin);
        }

        PluginLog.Draining(_log, plugin.Id, plugin.VersionText, reason, inFlight);
    }

    internal void Release(LoadedPlugin plugin)
    {
        lock (_gate)
        {
            plugin.Leases--;
            StartUnloadIfIdle(plugin);
        }
    }

    // Called under _gate.
    private void StartUnloadIfIdle(LoadedPlugin plugin)
    {
        if (plugin.State == PluginState.Draining && plugin.Leases == 0 && plugin.Unloading is null)
        {
            plugin.Unloading = Task.Run(() => UnloadAsync(plugin));
        }
    }

    private async Task<bool> UnloadAsync(LoadedPlugin plugin)
    {
        var collected = await plugin.UnloadAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _draining.Remove(plugin);
            plugin.State = PluginState.Unloaded;
            _retired.Add(plugin);
            if (_retired.Count > RetiredHistory)
            {
                _retired.RemoveAt(0);
            }
        }

        if (collected)
        {
            PluginLog.Unloaded(_log, plugin.Id, plugin.VersionText, collected);
        }
        else
        {
            PluginLog.NotCollected(_log, plugin.Id, plugin.VersionText, plugin.AbandonedCalls);
        }

        OnChanged();
        return collected;
    }

    private bool IsKnown(PluginFolder folder)
    {
        lock (_gate)
        {
            return _folders.TryGetValue(folder.Path, out var known) && known.Fingerprint == folder.Fingerprint;
        }
    }

    private void OnChanged()
    {
        try
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A status file that cannot be written must not stop the catalog.
        }
    }

    /// <summary>Retires every plugin and waits for the unloads. Idempotent: the hosted service and the container both call it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            return;
        }

        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
        }

        await _reconcile.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            List<LoadedPlugin> active;
            lock (_gate)
            {
                active = [.. _active.Values];
            }

            foreach (var plugin in active)
            {
                Retire(plugin, "the host is stopping");
            }
        }
        finally
        {
            _reconcile.Release();
        }

        // In-flight jobs were cancelled by the host's shutdown; give them a moment to release their leases.
        // Real time on purpose: shutdown must end even under a test clock that never advances.
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < _host.Options.DisposeTimeout)
        {
            lock (_gate)
            {
                if (_draining.All(p => p.Unloading is not null))
                {
                    break;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System).ConfigureAwait(false);
        }

        try
        {
            await WhenUnloadedAsync().WaitAsync(_host.Options.DisposeTimeout, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A plugin that will not let go: the process is ending anyway.
        }

        _shadowRoot.RemoveAtStop();
        _reconcile.Dispose();
    }
}
