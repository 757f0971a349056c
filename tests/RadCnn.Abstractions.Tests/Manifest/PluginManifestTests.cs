using System.Security.Cryptography;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.TestSupport;

namespace RadCnn.Abstractions.Tests.Manifest;

public sealed class PluginManifestTests
{
    private const string Valid = """
        {
          // comments and trailing commas are allowed: people write these by hand
          "id": "radcnn.detection.tb",
          "version": "1.2.0-beta.1+build.7",
          "displayName": "Tuberculosis on chest radiographs",
          "entryAssembly": "RadCnn.Plugins.Detection.dll",
          "entryType": "RadCnn.Plugins.Detection.TbPlugin",
          "minContractVersion": "1.0",
          "accepts": { "modalities": ["CR", "DX", "cr"], "bodyParts": ["CHEST"], "sopClasses": ["1.2.840.10008.5.1.4.1.1.1.1"] },
          "models": [ { "name": "alexnet", "path": "model/tb-alexnet.dat", "sha256": "ab" } ],
          "timeoutSeconds": 45,
          "priority": "stat",
        }
        """;

    [Fact]
    public void Parse_reads_every_field()
    {
        var manifest = PluginManifest.Parse(Valid.Replace("\"ab\"", $"\"{new string('a', 64)}\"", StringComparison.Ordinal));

        Assert.Equal("radcnn.detection.tb", manifest.Id);
        Assert.Equal(PluginVersion.Parse("1.2.0-beta.1"), manifest.Version);
        Assert.Equal("build.7", manifest.Version.Build);
        Assert.Equal("RadCnn.Plugins.Detection.TbPlugin", manifest.EntryType);
        Assert.Equal(new Version(1, 0), manifest.MinContractVersion);
        Assert.Equal(["CR", "DX"], manifest.Accepts.Modalities); // de-duplicated ignoring case
        Assert.Equal(TimeSpan.FromSeconds(45), manifest.Timeout);
        Assert.Equal(InferencePriority.Stat, manifest.Priority);
        Assert.Equal("model/tb-alexnet.dat", Assert.Single(manifest.Models).Path);
    }

    [Fact]
    public void Parse_lists_every_problem_at_once()
    {
        const string bad = """
            {
              "id": "Has Spaces",
              "version": "1.0",
              "entryAssembly": "../escape.dll",
              "minContractVersion": "one",
              "accepts": { "sopClasses": ["not-a-uid"] },
              "models": [ { "name": "m", "path": "/etc/passwd", "sha256": "xyz" } ],
              "timeoutSeconds": -1,
              "priority": "urgent"
            }
            """;

        var ex = Assert.Throws<PluginManifestException>(() => PluginManifest.Parse(bad));

        string[] fields = ["id:", "version:", "displayName:", "entryAssembly:", "minContractVersion:", "timeoutSeconds:", "priority:", "accepts.sopClasses:", "models[0]: path", "models[0]: sha256"];
        foreach (var field in fields)
        {
            Assert.Contains(ex.Errors, e => e.StartsWith(field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Parse_refuses_a_manifest_that_accepts_nothing()
    {
        var json = Valid.Replace("\"modalities\": [\"CR\", \"DX\", \"cr\"], \"bodyParts\": [\"CHEST\"], \"sopClasses\": [\"1.2.840.10008.5.1.4.1.1.1.1\"]", string.Empty, StringComparison.Ordinal)
            .Replace("\"ab\"", $"\"{new string('a', 64)}\"", StringComparison.Ordinal);

        var ex = Assert.Throws<PluginManifestException>(() => PluginManifest.Parse(json));

        Assert.Contains(ex.Errors, e => e.Contains("nothing would ever reach the plugin", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_reports_malformed_json()
    {
        var ex = Assert.Throws<PluginManifestException>(() => PluginManifest.Parse("{ \"id\": "));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_accepts_model_files_whose_hash_matches()
    {
        using var dir = new TempDirectory();
        var sha = WritePlugin(dir.Path, "weights"u8.ToArray());

        var manifest = PluginManifest.Load(dir.Path);

        Assert.Equal(sha, manifest.Models[0].Sha256);
        Assert.Equal(Path.Combine(dir.Path, "model", "w.dat"), manifest.GetModelPath(dir.Path, "w"));
        Assert.Throws<KeyNotFoundException>(() => manifest.GetModelPath(dir.Path, "other"));
    }

    [Fact]
    public void Load_refuses_a_model_file_whose_hash_differs()
    {
        using var dir = new TempDirectory();
        WritePlugin(dir.Path, "weights"u8.ToArray());
        File.WriteAllText(Path.Combine(dir.Path, "model", "w.dat"), "tampered");

        var ex = Assert.Throws<PluginManifestException>(() => PluginManifest.Load(dir.Path));

        Assert.Contains(ex.Errors, e => e.StartsWith("models[w]: SHA-256", StringComparison.Ordinal) && e.Contains("refusing", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_reports_missing_files()
    {
        using var dir = new TempDirectory();
        Assert.Contains("plugin.json not found", Assert.Throws<PluginManifestException>(() => PluginManifest.Load(dir.Path)).Message, StringComparison.Ordinal);

        WritePlugin(dir.Path, "weights"u8.ToArray());
        File.Delete(Path.Combine(dir.Path, "model", "w.dat"));
        File.Delete(Path.Combine(dir.Path, "P.dll"));

        var ex = Assert.Throws<PluginManifestException>(() => PluginManifest.Load(dir.Path));
        Assert.Contains(ex.Errors, e => e.StartsWith("entryAssembly: P.dll not found", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("models[w]: model/w.dat not found", StringComparison.Ordinal));
    }

    private static string WritePlugin(string dir, byte[] weights)
    {
        Directory.CreateDirectory(Path.Combine(dir, "model"));
        File.WriteAllBytes(Path.Combine(dir, "model", "w.dat"), weights);
        File.WriteAllText(Path.Combine(dir, "P.dll"), "not really an assembly");
        var sha = Convert.ToHexStringLower(SHA256.HashData(weights));
        File.WriteAllText(Path.Combine(dir, "plugin.json"), $$"""
            { "id": "p", "version": "1.0.0", "displayName": "P", "entryAssembly": "P.dll", "minContractVersion": "1.0",
              "accepts": { "reportKinds": ["*"] }, "models": [ { "name": "w", "path": "model/w.dat", "sha256": "{{sha.ToUpperInvariant()}}" } ] }
            """);
        return sha.ToUpperInvariant();
    }
}
