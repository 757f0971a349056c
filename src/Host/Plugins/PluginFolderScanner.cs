using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Abstractions.Manifest;

namespace RadCnn.Host.Plugins;

/// <summary>Reads the plugins directory: one <see cref="PluginFolder"/> per sub-folder, re-checked only when its content changed.</summary>
internal static class PluginFolderScanner
{
    public static IReadOnlyList<PluginFolder> Scan(string pluginsDirectory, IReadOnlyDictionary<string, PluginFolder> previous)
    {
        if (!Directory.Exists(pluginsDirectory))
        {
            return [];
        }

        var folders = new List<PluginFolder>();
        foreach (var dir in Directory.EnumerateDirectories(pluginsDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.'))
            {
                continue; // staging folders (".incoming") are how operators copy without being seen half-way
            }

            string fingerprint;
            try
            {
                fingerprint = Fingerprint(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // vanishing while being read: the next scan sees its final state
            }

            if (previous.TryGetValue(dir, out var known) && known.Fingerprint == fingerprint)
            {
                folders.Add(known);
                continue;
            }

            folders.Add(Check(dir, fingerprint));
        }

        return folders;
    }

    public static PluginFolder Check(string dir, string fingerprint)
    {
        var manifestPath = Path.Combine(dir, PluginManifest.FileName);
        try
        {
            if (!File.Exists(manifestPath))
            {
                return new PluginFolder(dir, fingerprint, null, $"{PluginManifest.FileName} not found (is the folder still being copied?).");
            }

            // Parse first and check files second, so a folder with a bad model file still shows its id and version.
            var manifest = PluginManifest.Parse(File.ReadAllText(manifestPath));
            var problems = manifest.VerifyFiles(dir);
            return new PluginFolder(dir, fingerprint, manifest, problems.Count == 0 ? null : string.Join("; ", problems));
        }
        catch (PluginManifestException ex)
        {
            return new PluginFolder(dir, fingerprint, null, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PluginFolder(dir, fingerprint, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public static string Fingerprint(string dir)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(dir, file)}|{info.Length}|{info.LastWriteTimeUtc.Ticks}\n");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
