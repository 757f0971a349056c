using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using McMaster.NETCore.Plugins;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Loads a plugin's entry assembly into its own collectible load context, sharing with the host the
/// assemblies that carry types crossing the boundary (the contract, DICOM, TorchSharp so libtorch is
/// loaded once, the Microsoft.Extensions abstractions: the list in plugins/SharedAssemblies.txt, which
/// plugin builds leave out of their folders), and creates the plugin instance.
/// </summary>
internal static class PluginAssemblyLoader
{
    private const string ContractAssemblyName = "RadCnn.Abstractions";

    private static readonly Lazy<AssemblyName[]> Shared = new(FindSharedAssemblies);

    public static IReadOnlyList<AssemblyName> SharedAssemblies => Shared.Value;

    /// <summary>
    /// Checks, without loading anything, that the plugin was built against a compatible contract: the
    /// manifest's minContractVersion and the RadCnn.Abstractions version its entry assembly references.
    /// </summary>
    public static void CheckContract(PluginManifest manifest, string entryPath)
    {
        var host = PluginContract.Version;
        if (!PluginContract.IsCompatible(manifest.MinContractVersion))
        {
            throw new PluginLoadException(
                $"minContractVersion {manifest.MinContractVersion} is not compatible with this host's contract {host} (same major, minor at most {host.Minor}).");
        }

        using var stream = File.OpenRead(entryPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new PluginLoadException($"{Path.GetFileName(entryPath)} is not a .NET assembly.");
        }

        var reader = pe.GetMetadataReader();
        Version? referenced = null;
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            if (reader.StringComparer.Equals(reference.Name, ContractAssemblyName))
            {
                referenced = reference.Version;
            }
        }

        if (referenced is null)
        {
            throw new PluginLoadException($"{Path.GetFileName(entryPath)} does not reference {ContractAssemblyName}; it cannot implement IRadCnnPlugin.");
        }

        if (!PluginContract.IsCompatible(new Version(referenced.Major, referenced.Minor)))
        {
            throw new PluginLoadException(
                $"built against {ContractAssemblyName} {referenced.Major}.{referenced.Minor}; this host provides contract {host}. Rebuild the plugin against {ContractAssemblyName} {host.Major}.x.");
        }
    }

    /// <summary>Creates the load context and the plugin instance. On failure the context is unloaded before throwing.</summary>
    public static (PluginLoader Loader, IRadCnnPlugin Plugin) Load(PluginManifest manifest, string entryPath)
    {
        var config = new PluginConfig(entryPath) { IsUnloadable = true, PreferSharedTypes = false };
        foreach (var name in SharedAssemblies)
        {
            config.SharedAssemblies.Add(name);
        }

        var loader = new PluginLoader(config);
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            var type = FindEntryType(manifest, assembly);
            var plugin = Activator.CreateInstance(type) as IRadCnnPlugin
                ?? throw new PluginLoadException($"{type.FullName} could not be created as an IRadCnnPlugin.");
            return (loader, plugin);
        }
        catch (Exception ex)
        {
            loader.Dispose();
            if (ex is PluginLoadException)
            {
                throw;
            }

            throw new PluginLoadException(Describe(ex), ex);
        }
    }

    private static Type FindEntryType(PluginManifest manifest, Assembly assembly)
    {
        if (manifest.EntryType is { } name)
        {
            var type = assembly.GetType(name, throwOnError: false)
                ?? throw new PluginLoadException($"entryType {name} not found in {manifest.EntryAssembly}.");
            return typeof(IRadCnnPlugin).IsAssignableFrom(type) && !type.IsAbstract
                ? type
                : throw new PluginLoadException($"entryType {name} does not implement {typeof(IRadCnnPlugin).FullName} of this host's contract.");
        }

        var candidates = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRadCnnPlugin).IsAssignableFrom(t))
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new PluginLoadException($"{manifest.EntryAssembly} holds no class implementing {typeof(IRadCnnPlugin).FullName}."),
            _ => throw new PluginLoadException($"{manifest.EntryAssembly} holds {candidates.Count} plugin classes; name one as entryType in plugin.json."),
        };
    }

    /// <summary>An operator-facing reason for a load failure (type load problems usually mean a contract mismatch).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        ReflectionTypeLoadException rtl => "types could not be loaded (built against another contract?): "
            + string.Join("; ", rtl.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct().Take(3)),
        TypeLoadException or MissingMethodException or MissingFieldException =>
            $"{ex.GetType().Name} (built against another contract?): {ex.Message}",
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>The name of the embedded copy of plugins/SharedAssemblies.txt, the list plugin builds leave out.</summary>
    public const string SharedAssembliesResource = "RadCnn.Host.Plugins.SharedAssemblies.txt";

    /// <summary>The assembly names listed in plugins/SharedAssemblies.txt (embedded), in its order.</summary>
    public static IReadOnlyList<string> SharedAssemblyNames()
    {
        using var stream = typeof(PluginAssemblyLoader).Assembly.GetManifestResourceStream(SharedAssembliesResource)
            ?? throw new InvalidOperationException($"{SharedAssembliesResource} is not embedded in the host.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    private static AssemblyName[] FindSharedAssemblies()
    {
        // Shared when the host has them (all do in radcnn; a host built without the training library, say, shares the rest).
        var names = new List<AssemblyName>();
        foreach (var name in SharedAssemblyNames())
        {
            try
            {
                names.Add(Assembly.Load(new AssemblyName(name)).GetName());
            }
            catch (FileNotFoundException)
            {
            }
        }

        return [.. names.DistinctBy(n => n.Name)];
    }
}
