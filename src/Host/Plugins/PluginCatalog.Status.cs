namespace RadCnn.Host.Plugins;

/// <summary>What the catalog reports: every version's and folder's status, and whether a plugin is installed at all.</summary>
internal sealed partial class PluginCatalog
{
    /// <summary>
    /// Whether any folder in the plugins directory declares <paramref name="pluginId"/> or a version of it is
    /// still loaded; null before the first scan (nothing is known yet). False means removed: waiting for it is pointless.
    /// </summary>
    public bool? IsInstalled(string pluginId)
    {
        if (!_scanned)
        {
            return null;
        }

        lock (_gate)
        {
            return _active.ContainsKey(pluginId)
                || _draining.Any(p => p.Id == pluginId)
                || _folders.Values.Any(f => f.Manifest?.Id == pluginId);
        }
    }

    /// <summary>Every known version and folder: active, draining, recently unloaded, failed, superseded.</summary>
    public IReadOnlyList<PluginStatus> GetStatus()
    {
        lock (_gate)
        {
            var loaded = _active.Values.Concat(_draining).Concat(_retired).ToList();
            var list = loaded.Select(PluginStatus.Of).ToList();
            foreach (var folder in _folders.Values)
            {
                // A disabled plugin's folders are listed as such even while the version that ran from them drains.
                if (loaded.Any(p => (p.State == PluginState.Active || (p.State == PluginState.Draining && !_controls.Get(p.Id).Disabled))
                    && p.Folder.Path == folder.Path && p.Folder.Fingerprint == folder.Fingerprint))
                {
                    continue;
                }

                list.Add(PluginStatus.OfFolder(folder));
            }

            return [.. list.Select(WithControl).OrderBy(s => s.Id, StringComparer.Ordinal).ThenBy(s => s.State, StringComparer.Ordinal).ThenBy(s => s.Folder, StringComparer.Ordinal)];
        }
    }

    /// <summary>The active version of <paramref name="pluginId"/>, for diagnostics and tests; null when none.</summary>
    internal LoadedPlugin? Loaded(string pluginId)
    {
        lock (_gate)
        {
            return _active.GetValueOrDefault(pluginId);
        }
    }
}
