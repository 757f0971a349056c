using System.Security.Cryptography;

namespace RadCnn.Abstractions.Manifest;

/// <summary>Checks a plugin folder against its manifest: entry assembly present, model files intact.</summary>
internal static class PluginFileVerifier
{
    public static IReadOnlyList<string> Verify(PluginManifest manifest, string pluginDirectory)
    {
        var errors = new List<string>();
        var root = Path.GetFullPath(pluginDirectory);
        if (!File.Exists(Path.Combine(root, manifest.EntryAssembly)))
        {
            errors.Add($"entryAssembly: {manifest.EntryAssembly} not found in the plugin folder.");
        }

        foreach (var model in manifest.Models)
        {
            var path = Path.GetFullPath(Path.Combine(root, model.Path));
            if (!File.Exists(path))
            {
                errors.Add($"models[{model.Name}]: {model.Path} not found.");
                continue;
            }

            string actual;
            using (var stream = File.OpenRead(path))
            {
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            }

            if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"models[{model.Name}]: SHA-256 of {model.Path} is {actual}, the manifest says {model.Sha256}; refusing a model file that is not the one shipped.");
            }
        }

        return errors;
    }
}
