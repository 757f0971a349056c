using McMaster.NETCore.Plugins;
using RadCnn.Abstractions.Manifest;
using RadCnn.Host.Plugins;
using RadCnn.Training.Recipes;

namespace RadCnn.Host.Training;

/// <summary>
/// The training recipes `radcnn train/eval TASK` can use: the toolkit's built-in demonstration recipe,
/// and every public <see cref="ITrainingRecipe"/> with a parameterless constructor in the plugins found
/// (installed folders with plugin.json under the plugins directory, or a development tree's
/// plugins/*/bin/{Release,Debug}/net10.0). Plugin assemblies load in their own context with the
/// contract, DICOM, TorchSharp and RadCnn.Training shared, exactly as the catalog loads them.
/// </summary>
internal sealed class RecipeCatalog : IDisposable
{
    private readonly List<PluginLoader> loaders = [];
    private readonly Dictionary<string, string> pluginFolders = new(StringComparer.OrdinalIgnoreCase);

    private RecipeCatalog()
    {
    }

    public IReadOnlyList<ITrainingRecipe> Recipes { get; private set; } = [];

    /// <summary>Plugins that could not be searched, with the reason (reported by `radcnn train --list`).</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public static RecipeCatalog Load(IEnumerable<string> pluginDirectories)
    {
        var catalog = new RecipeCatalog();
        var recipes = new List<ITrainingRecipe>(Create(typeof(ITrainingRecipe).Assembly.GetTypes()));
        var problems = new List<string>();
        foreach (var (entry, pluginFolder) in EntryAssemblies(pluginDirectories))
        {
            try
            {
                var config = new PluginConfig(Path.GetFullPath(entry)) { IsUnloadable = true, PreferSharedTypes = false };
                foreach (var name in PluginAssemblyLoader.SharedAssemblies)
                {
                    config.SharedAssemblies.Add(name);
                }

                var loader = new PluginLoader(config);
                catalog.loaders.Add(loader);
                var found = Create(loader.LoadDefaultAssembly().GetTypes()).ToList();
                recipes.AddRange(found);
                foreach (var recipe in found.Where(_ => pluginFolder is not null))
                {
                    catalog.pluginFolders.TryAdd(recipe.Task, pluginFolder!);
                }
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or System.Reflection.ReflectionTypeLoadException or InvalidOperationException or MissingMethodException)
            {
                problems.Add($"{entry}: {PluginAssemblyLoader.Describe(e)}");
            }
        }

        catalog.Recipes = recipes.GroupBy(r => r.Task, StringComparer.Ordinal).Select(g => g.First()).OrderBy(r => r.Task, StringComparer.Ordinal).ToList();
        catalog.Problems = problems;
        return catalog;
    }

    public ITrainingRecipe Find(string task) =>
        Recipes.FirstOrDefault(r => string.Equals(r.Task, task, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"no installed plugin offers the training task '{task}'; known tasks: {string.Join(", ", Recipes.Select(r => r.Task))}");

    /// <summary>
    /// The weights an installed plugin ships for <paramref name="recipe"/> (the model its
    /// <see cref="ShippedModelAttribute"/> names, SHA-256 checked against plugin.json), or null when the
    /// recipe's plugin is not installed or names none.
    /// </summary>
    /// <exception cref="PluginManifestException">The plugin's manifest or its model file's hash is wrong.</exception>
    public string? ShippedWeights(ITrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var attribute = (ShippedModelAttribute?)Attribute.GetCustomAttribute(recipe.GetType(), typeof(ShippedModelAttribute));
        if (attribute is null || !pluginFolders.TryGetValue(recipe.Task, out var folder))
        {
            return null;
        }

        var manifest = PluginManifest.Load(folder);
        return manifest.Models.Any(m => m.Name == attribute.ModelName) ? manifest.GetModelPath(folder, attribute.ModelName) : null;
    }

    public void Dispose()
    {
        foreach (var loader in loaders)
        {
            loader.Dispose();
        }
    }

    private static IEnumerable<ITrainingRecipe> Create(IEnumerable<Type> types) =>
        types.Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(ITrainingRecipe).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ITrainingRecipe)Activator.CreateInstance(t)!);

    private static IEnumerable<(string Entry, string? PluginFolder)> EntryAssemblies(IEnumerable<string> directories)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
            {
                string? entry = null;
                string? pluginFolder = null;
                if (File.Exists(Path.Combine(folder, PluginManifest.FileName)))
                {
                    try
                    {
                        entry = Path.Combine(folder, PluginManifest.Parse(File.ReadAllText(Path.Combine(folder, PluginManifest.FileName))).EntryAssembly);
                        pluginFolder = folder;
                    }
                    catch (PluginManifestException)
                    {
                        continue; // the catalog reports bad manifests; a recipe search just skips them
                    }
                }
                else
                {
                    // A development tree: plugins/<Name>/bin/<Configuration>/net10.0/<assembly>.dll
                    entry = new[] { "Release", "Debug" }
                        .Select(c => Path.Combine(folder, "bin", c, "net10.0"))
                        .Where(Directory.Exists)
                        .SelectMany(d => Directory.EnumerateFiles(d, "RadCnn.Plugins.*.dll"))
                        .FirstOrDefault();
                }

                if (entry is not null && File.Exists(entry) && seen.Add(Path.GetFullPath(entry)))
                {
                    yield return (entry, pluginFolder);
                }
            }
        }
    }
}
