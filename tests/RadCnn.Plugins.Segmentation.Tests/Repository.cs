namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>Paths of the built repository the tests run against (the CLI, the plugin's build output, its weights).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string RadCnnDll => Path.Combine(Root, "src", "Host", "bin", Configuration, "net10.0", "radcnn.dll");

    /// <summary>The plugin's build output: plugin.json, assembly and model/, as the host loads it.</summary>
    public static string PluginFolder => Path.Combine(Root, "plugins", "Segmentation", "bin", Configuration, "net10.0");

    /// <summary>The committed model folder: liver/model.bin, liver-mass/model.bin, cascade.json.</summary>
    public static string ModelFolder => Path.Combine(Root, "plugins", "Segmentation", "model");

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RadCnn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RadCnn.sln not found above the test assembly");
    }
}
