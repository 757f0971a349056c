namespace RadCnn.Host.Plugins;

/// <summary>
/// The offline view of a plugins directory for `radcnn plugins` when no service is running: each
/// folder's manifest and model hashes are checked and its entry type is loaded (not initialised) in a
/// throw-away load context, then the highest loadable version per id is marked as the one a service would run.
/// </summary>
internal static class PluginInspector
{
    public static IReadOnlyList<PluginStatus> Inspect(string pluginsDirectory)
    {
        var folders = PluginFolderScanner.Scan(Path.GetFullPath(pluginsDirectory), new Dictionary<string, PluginFolder>());
        foreach (var folder in folders.Where(f => f.Manifest is not null && f.Error is null))
        {
            folder.LoadError = TryLoad(folder);
        }

        var chosen = folders.Where(f => f.IsCandidate)
            .GroupBy(f => f.Manifest!.Id, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(f => f.Manifest!.Version).ThenBy(f => f.Path, StringComparer.Ordinal).First())
            .ToHashSet();
        return [.. folders
            .Select(f => chosen.Contains(f)
                ? PluginStatus.OfFolder(f) with { State = "ready", Reason = "loads and would be active (no service is running)" }
                : PluginStatus.OfFolder(f))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ThenBy(s => s.Folder, StringComparer.Ordinal)];
    }

    private static string? TryLoad(PluginFolder folder)
    {
        var manifest = folder.Manifest!;
        var entry = Path.Combine(folder.Path, manifest.EntryAssembly);
        try
        {
            PluginAssemblyLoader.CheckContract(manifest, entry);
            var (loader, _) = PluginAssemblyLoader.Load(manifest, entry);
            loader.Dispose();
            return null;
        }
        catch (PluginLoadException ex)
        {
            return ex.Message;
        }
    }
}
