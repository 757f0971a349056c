using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

/// <summary>
/// David Clunie's IOD validator (dicom3tools). A result object passes when dciodvfy prints no "Error"
/// line; warnings are returned so each test can state the ones it accepts.
/// </summary>
internal static class Dciodvfy
{
    /// <summary>Runs dciodvfy, fails on any error, and returns the warnings not in <paramref name="accepted"/>.</summary>
    public static IReadOnlyList<string> AssertValid(string path, params string[] accepted)
    {
        var tool = Peers.Require("dciodvfy", "dicom3tools");
        var result = Peers.Run(tool, [path]);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
        var warnings = lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        var unexpected = warnings.Where(w => !accepted.Any(a => w.Contains(a, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"dciodvfy warnings not accepted for {Path.GetFileName(path)}:\n{string.Join('\n', unexpected)}");
        return warnings;
    }
}
