using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>
/// The host's plugin loader shares exactly the assemblies of plugins/SharedAssemblies.txt, the file plugin
/// builds read to leave them out of plugin folders (tests/RadCnn.Architecture.Tests checks that side).
/// </summary>
public sealed class SharedAssembliesTests
{
    [Fact]
    public void The_loader_shares_every_assembly_of_the_plugin_builds_list_and_nothing_else()
    {
        var listed = File.ReadAllLines(Path.Combine(RepositoryRoot(), "plugins", "SharedAssemblies.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
        Assert.Contains("RadCnn.Abstractions", listed);
        Assert.Contains("TorchSharp", listed);
        Assert.Equal(listed, PluginAssemblyLoader.SharedAssemblyNames());
        // Every listed assembly is part of radcnn, so the loader really shares each one.
        Assert.Equal(listed, PluginAssemblyLoader.SharedAssemblies.Select(n => n.Name).ToArray());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RadCnn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("RadCnn.sln not found above " + AppContext.BaseDirectory);
    }
}
