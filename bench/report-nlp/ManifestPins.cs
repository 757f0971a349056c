using System.Text.RegularExpressions;
using RadCnn.Training.Optimization;

namespace RadCnn.Bench.ReportNlp;

/// <summary>Writes the SHA-256 of each model file into plugin.json, keeping the file's layout.</summary>
internal static partial class ManifestPins
{
    public static void Update(string pluginJson)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(pluginJson))!;
        var text = File.ReadAllText(pluginJson);
        text = Entry().Replace(text, m =>
        {
            var path = Path.Combine(folder, m.Groups["path"].Value);
            return File.Exists(path) ? $"{m.Groups["head"].Value}{WeightFiles.Sha256(path)}{m.Groups["tail"].Value}" : m.Value;
        });
        File.WriteAllText(pluginJson, text);
    }

    [GeneratedRegex("(?<head>\"path\": \"(?<path>[^\"]+)\", \"sha256\": \")[0-9a-f]{64}(?<tail>\")")]
    private static partial Regex Entry();
}
