namespace RadCnn.TestSupport;

/// <summary>The repository the tests run in: its root (where RadCnn.sln is) and the configuration they were built in.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    public static string Root => RootFolder.Value;

    /// <summary>"Debug" or "Release", as the running test assembly was built.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>radcnn.dll as built beside the tests.</summary>
    public static string RadCnnDll => Path.Combine(Root, "src", "Host", "bin", Configuration, "net10.0", "radcnn.dll");

    private static string FindRoot()
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
