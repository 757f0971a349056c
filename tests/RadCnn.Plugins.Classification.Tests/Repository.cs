using RadCnn.TestSupport;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>Paths of the built repository the tests run against (the CLI, the plugin's build output, its weights).</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string RadCnnDll => RepositoryPaths.RadCnnDll;

    /// <summary>The plugin's build output: plugin.json, assembly and model/, as the host loads it.</summary>
    public static string PluginFolder => Path.Combine(Root, "plugins", "Classification", "bin", Configuration, "net10.0");

    public static string ModelFolder => Path.Combine(Root, "plugins", "Classification", "model");

    private static string Configuration => RepositoryPaths.Configuration;
}
