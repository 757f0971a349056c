using System.Reflection;
using System.Runtime.InteropServices;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// Where the built assemblies of this checkout are: each project's own bin/&lt;configuration&gt;/net10.0,
/// in the configuration this test was built in (the project references build them first).
/// </summary>
internal static class BuildOutputs
{
    private const string TargetFramework = "net10.0";

    public static string Configuration { get; } =
        typeof(BuildOutputs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The built assembly of a project under src/ (folder name, e.g. "Engine"), which must exist.</summary>
    public static BuiltAssembly Source(string folder, string assemblyName) =>
        Read(Path.Combine(RepositoryRoot, "src", folder, "bin", Configuration, TargetFramework, assemblyName + ".dll"));

    /// <summary>The built assemblies that hold network code: the contract, the engine, the training toolkit, every plugin and sample.</summary>
    public static IReadOnlyList<string> NetworkCode() =>
        [Source("Abstractions", "RadCnn.Abstractions").Path, Source("Engine", "RadCnn.Engine").Path, Source("Training", "RadCnn.Training").Path, .. Plugins().Select(p => p.AssemblyPath)];

    /// <summary>Every plugin under plugins/ and sample under samples/ with a project, and its built entry assembly.</summary>
    public static IReadOnlyList<(string Project, string OutputFolder, string AssemblyPath)> Plugins()
    {
        var projects = new[] { "plugins", "samples" }
            .Select(top => Path.Combine(RepositoryRoot, top))
            .Where(Directory.Exists)
            .SelectMany(top => Directory.EnumerateDirectories(top))
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj"))
            .Order(StringComparer.Ordinal);
        var plugins = new List<(string, string, string)>();
        foreach (var project in projects)
        {
            var folder = Path.Combine(Path.GetDirectoryName(project)!, "bin", Configuration, TargetFramework);
            plugins.Add((Path.GetRelativePath(RepositoryRoot, project), folder, Path.Combine(folder, AssemblyName(project) + ".dll")));
        }

        return plugins;
    }

    /// <summary>The assembly names of plugins/SharedAssemblies.txt: what the host's loader shares and plugin builds leave out.</summary>
    public static IReadOnlyList<string> SharedAssemblies() =>
        [.. File.ReadAllLines(Path.Combine(RepositoryRoot, "plugins", "SharedAssemblies.txt")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>True for an assembly of the .NET shared framework this test runs on (System.*, netstandard, ...).</summary>
    public static bool IsFramework(string assemblyName) =>
        File.Exists(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), assemblyName + ".dll"));

    public static BuiltAssembly Read(string path) =>
        File.Exists(path)
            ? BuiltAssembly.Read(path)
            : throw new FileNotFoundException($"{Path.GetRelativePath(RepositoryRoot, path)} is not built; build it in {Configuration} (the test project's references do).", path);

    /// <summary>The project's AssemblyName, else its file name (the SDK's default).</summary>
    private static string AssemblyName(string project)
    {
        var text = File.ReadAllText(project);
        var start = text.IndexOf("<AssemblyName>", StringComparison.Ordinal);
        if (start < 0)
        {
            return Path.GetFileNameWithoutExtension(project);
        }

        start += "<AssemblyName>".Length;
        return text[start..text.IndexOf("</AssemblyName>", start, StringComparison.Ordinal)].Trim();
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
