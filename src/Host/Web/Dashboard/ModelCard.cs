namespace RadCnn.Host.Web.Dashboard;

/// <summary>A plugin's model cards: the model.json files under its folder (data, metrics, thresholds), shown as they are.</summary>
internal static class ModelCard
{
    private const int MaxBytes = 64 * 1024;

    /// <summary>The cards' text, or null when the folder has none. Links are not followed out of the plugin's folder.</summary>
    public static string? Read(string pluginFolder)
    {
        if (!Directory.Exists(pluginFolder))
        {
            return null;
        }

        var root = Path.GetFullPath(pluginFolder) + Path.DirectorySeparatorChar;
        var cards = Directory.EnumerateFiles(pluginFolder, "model.json", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => Path.GetFullPath(f).StartsWith(root, StringComparison.Ordinal) && new FileInfo(f).LinkTarget is null && new FileInfo(f).Length <= MaxBytes)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(pluginFolder, f)}\n{File.ReadAllText(f)}")
            .ToList();
        return cards.Count == 0 ? null : string.Join("\n\n", cards);
    }
}
