using System.Security.Cryptography;
using System.Text;
using RadCnn.Abstractions.Manifest;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The task plugins that come with this installation (published by <c>./radcnn</c> into
/// artifacts/plugins and named by <see cref="EnvironmentVariable"/>). A service whose operator did not
/// choose a plugins directory installs them into its default one (&lt;data dir&gt;/plugins) before the
/// catalog starts, so <c>radcnn run --data-dir /srv/radcnn</c> runs with them like <c>radcnn run</c>.
/// Only folders RadCnn installed itself (they carry <see cref="MarkerFile"/>) are ever replaced; a
/// folder of the operator's with the same name is left alone and reported.
/// </summary>
internal static class ShippedPlugins
{
    public const string EnvironmentVariable = "RADCNN_SHIPPED_PLUGINS";

    /// <summary>Written into each installed copy: the shipped folder's content hash.</summary>
    public const string MarkerFile = ".radcnn-shipped";

    /// <summary>The shipped plugins folder named by the environment, or null when there is none.</summary>
    public static string? FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(configured) || !Directory.Exists(configured) ? null : Path.GetFullPath(configured);
    }

    /// <summary>What installing would do to each shipped plugin folder, without changing anything.</summary>
    public static IReadOnlyList<ShippedPluginState> Compare(string shippedDirectory, string pluginsDirectory)
    {
        var states = new List<ShippedPluginState>();
        if (!Directory.Exists(shippedDirectory))
        {
            return states;
        }

        foreach (var source in Directory.EnumerateDirectories(shippedDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(source);
            if (name.StartsWith('.') || IsLink(source) || !File.Exists(Path.Combine(source, PluginManifest.FileName)))
            {
                continue;
            }

            var target = Path.Combine(pluginsDirectory, name);
            var hash = ContentHash(source);
            var action = ShippedPluginAction.Install;
            if (Directory.Exists(target) || File.Exists(target))
            {
                var marker = Path.Combine(target, MarkerFile);
                if (IsLink(target) || !File.Exists(marker))
                {
                    action = ShippedPluginAction.KeptOperatorFolder;
                }
                else
                {
                    action = string.Equals(File.ReadAllText(marker).Trim(), hash, StringComparison.Ordinal) ? ShippedPluginAction.UpToDate : ShippedPluginAction.Update;
                }
            }

            states.Add(new ShippedPluginState(name, source, target, hash, action));
        }

        return states;
    }

    /// <summary>
    /// Installs or updates every shipped plugin that is missing or outdated. Each copy is made in a
    /// hidden staging folder (the catalog ignores dot-folders) and renamed into place, so a watching
    /// catalog never sees half a plugin.
    /// </summary>
    public static IReadOnlyList<ShippedPluginState> Install(string shippedDirectory, string pluginsDirectory)
    {
        Directory.CreateDirectory(pluginsDirectory);
        var states = Compare(shippedDirectory, pluginsDirectory);
        foreach (var state in states.Where(s => s.Action is ShippedPluginAction.Install or ShippedPluginAction.Update))
        {
            var staging = Path.Combine(pluginsDirectory, $".{state.Name}.installing-{Environment.ProcessId}");
            var retired = Path.Combine(pluginsDirectory, $".{state.Name}.retired-{Environment.ProcessId}");
            DeleteTree(staging);
            CopyTree(state.Source, staging);
            File.WriteAllText(Path.Combine(staging, MarkerFile), state.ContentHash + "\n");
            if (state.Action == ShippedPluginAction.Update)
            {
                DeleteTree(retired);
                Directory.Move(state.Target, retired);
            }

            Directory.Move(staging, state.Target);
            DeleteTree(retired);
        }

        return states;
    }

    /// <summary>SHA-256 over every file's relative path and bytes (links are not followed).</summary>
    public static string ContentHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(directory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file) + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<string> Files(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (!IsLink(file) && Path.GetFileName(file) != MarkerFile)
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !IsLink(d)))
        {
            foreach (var file in Files(sub))
            {
                yield return file;
            }
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Files(source))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void DeleteTree(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
