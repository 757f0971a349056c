using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests.Support;

/// <summary>Paths of the built repository the tests run against (the CLI, the plugin's build output).</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string RadCnnDll => RepositoryPaths.RadCnnDll;

    /// <summary>The plugin's build output: plugin.json, assembly and model/, as the host loads it.</summary>
    public static string PluginFolder => Path.Combine(Root, "plugins", "Denoising", "bin", Configuration, "net10.0");

    private static string Configuration => RepositoryPaths.Configuration;
}
