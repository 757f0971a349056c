using System.Reflection;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>
/// The fixture plugin folders built by tests/Fixtures/Plugins/FixturePlugins.targets before this
/// project, and helpers to deploy them the way an operator would.
/// </summary>
internal static class FixturePlugins
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string Configuration => typeof(FixturePlugins).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The build output folder of a fixture (a loadable plugin folder): "Echo.V1", "Hangs", ….</summary>
    public static string Folder(string fixture)
    {
        var dir = Path.Combine(Root.Value, "tests", "Fixtures", "Plugins", fixture, "bin", Configuration, "net10.0");
        return File.Exists(Path.Combine(dir, "plugin.json"))
            ? dir
            : throw new DirectoryNotFoundException($"Fixture plugin {fixture} is not built at {dir}; build tests/RadCnn.Host.Tests (it builds the fixtures first).");
    }

    /// <summary>Copies a fixture into <paramref name="pluginsDirectory"/>/<paramref name="folderName"/>, as `cp -r` would (over an existing folder too).</summary>
    public static string Deploy(string fixture, string pluginsDirectory, string folderName)
    {
        var source = Folder(fixture);
        var target = Path.Combine(pluginsDirectory, folderName);
        CopyTree(source, target);
        return target;
    }

    /// <summary>Deploys through a hidden staging folder and one rename, the way docs/plugins.md recommends.</summary>
    public static string DeployAtomically(string fixture, string pluginsDirectory, string folderName)
    {
        var staging = Path.Combine(pluginsDirectory, ".incoming-" + Guid.NewGuid().ToString("N"));
        CopyTree(Folder(fixture), staging);
        var target = Path.Combine(pluginsDirectory, folderName);
        Directory.Move(staging, target);
        return target;
    }

    private static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }

    private static string FindRepositoryRoot()
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
