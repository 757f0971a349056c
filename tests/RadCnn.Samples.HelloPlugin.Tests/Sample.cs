using RadCnn.TestSupport;

namespace RadCnn.Samples.HelloPlugin.Tests;

/// <summary>The sample's paths in the built repository, and the real `radcnn` CLI run as a process.</summary>
internal static class Sample
{
    /// <summary>The sample's project folder.</summary>
    public static string Project => Path.Combine(RepositoryPaths.Root, "samples", "HelloPlugin");

    /// <summary>Its build output: plugin.json, assembly and model/, a folder the host loads.</summary>
    public static string BuildFolder => Path.Combine(Project, "bin", RepositoryPaths.Configuration, "net10.0");

    public static ProcessResult Radcnn(params string[] arguments)
    {
        Assert.True(File.Exists(RepositoryPaths.RadCnnDll), $"build the host first: {RepositoryPaths.RadCnnDll} is missing");
        var result = Peers.Run("dotnet", [RepositoryPaths.RadCnnDll, .. arguments], TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, $"radcnn {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Combined}");
        return result;
    }

    /// <summary>dicom3tools' dciodvfy: no line may start with "Error".</summary>
    public static void AssertDciodvfyClean(string path)
    {
        var check = Peers.Run(Peers.Require("dciodvfy", "dicom3tools"), [path]);
        var lines = (check.StandardOutput + "\n" + check.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(!lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal)), $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
    }
}
