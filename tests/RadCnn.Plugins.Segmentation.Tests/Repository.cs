using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>Paths of the built repository the tests run against (the CLI, the plugin's build output, its weights).</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string RadCnnDll => RepositoryPaths.RadCnnDll;

    /// <summary>The plugin's build output: plugin.json, assembly and model/, as the host loads it.</summary>
    public static string PluginFolder => Path.Combine(Root, "plugins", "Segmentation", "bin", Configuration, "net10.0");

    /// <summary>The committed model folder: liver/model.bin, liver-mass/model.bin, cascade.json.</summary>
    public static string ModelFolder => Path.Combine(Root, "plugins", "Segmentation", "model");

    private static string Configuration => RepositoryPaths.Configuration;
}
