using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>Runs the real `radcnn` CLI (built with the solution) as a process.</summary>
internal static class Cli
{
    public static ProcessResult Run(params string[] arguments)
    {
        Assert.True(File.Exists(Repository.RadCnnDll), $"build the host first: {Repository.RadCnnDll} is missing");
        var result = Peers.Run("dotnet", [Repository.RadCnnDll, .. arguments], TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, $"radcnn {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Combined}");
        return result;
    }
}
