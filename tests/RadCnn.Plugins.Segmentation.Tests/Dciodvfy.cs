using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>dicom3tools' dciodvfy on a file: no line may start with "Error".</summary>
internal static class Dciodvfy
{
    public static void AssertClean(string path)
    {
        var tool = Peers.Require("dciodvfy", "dicom3tools");
        var result = Peers.Run(tool, [path]);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
    }
}
