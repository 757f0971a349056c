using System.Text.RegularExpressions;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// The "may reference" column of docs/ARCHITECTURE.md, checked on the built assemblies: a project that
/// starts using a type of a layer it must not know fails here, whatever its C# imports say.
/// </summary>
public sealed partial class LayeringTests
{
    private const string Dicom = "RadCnn.Dicom";
    private const string DicomNetwork = "RadCnn.Dicom.Network";
    private const string Abstractions = "RadCnn.Abstractions";
    private const string Engine = "RadCnn.Engine";
    private const string Training = "RadCnn.Training";

    [Fact]
    public void Dicom_references_nothing_of_ours() =>
        AssertReferences(BuildOutputs.Source("Dicom", Dicom), allowedOurs: []);

    [Fact]
    public void Dicom_network_references_only_dicom() =>
        AssertReferences(BuildOutputs.Source("Dicom.Network", DicomNetwork), allowedOurs: [Dicom]);

    [Fact]
    public void Contract_references_only_dicom_torchsharp_and_extension_abstractions_and_names_no_engine_implementation() =>
        AssertReferences(BuildOutputs.Source("Abstractions", Abstractions), allowedOurs: [Dicom], IsSharedThirdParty);

    [Fact]
    public void Contract_opens_its_internals_to_its_own_tests_only() =>
        AssertFriends(BuildOutputs.Source("Abstractions", Abstractions), allowed: [Abstractions + ".Tests"]);

    [Fact]
    public void Engine_references_only_the_contract_and_dicom() =>
        AssertReferences(BuildOutputs.Source("Engine", Engine), allowedOurs: [Abstractions, Dicom]);

    [Fact]
    public void Engine_opens_its_internals_to_no_host_only_to_its_own_tests() =>
        AssertFriends(BuildOutputs.Source("Engine", Engine), allowed: [Engine + ".Tests"]);

    [Fact]
    public void Training_references_only_the_contract_and_dicom() =>
        AssertReferences(BuildOutputs.Source("Training", Training), allowedOurs: [Abstractions, Dicom]);

    [Fact]
    public void Host_references_no_plugin()
    {
        var host = BuildOutputs.Source("Host", "radcnn");
        var plugins = host.References.Where(r => r.StartsWith("RadCnn.Plugins.", StringComparison.Ordinal) || r.StartsWith("RadCnn.Samples.", StringComparison.Ordinal)).ToList();
        Assert.True(plugins.Count == 0, $"radcnn references {string.Join(", ", plugins)}: the host finds plugins on disk and never references one (docs/ARCHITECTURE.md).");
    }

    [Fact]
    public void Every_plugin_and_sample_references_only_the_contract_dicom_training_and_host_shared_libraries()
    {
        var plugins = BuildOutputs.Plugins();
        Assert.Contains(plugins, p => p.Project.StartsWith("plugins", StringComparison.Ordinal));
        var problems = new List<string>();
        foreach (var (project, folder, path) in plugins)
        {
            if (!File.Exists(path))
            {
                problems.Add($"{project}: {Path.GetRelativePath(BuildOutputs.RepositoryRoot, path)} is not built");
                continue;
            }

            var plugin = BuiltAssembly.Read(path);
            problems.AddRange(Violations(plugin, [Abstractions, Dicom, Training],
                name => IsSharedThirdParty(name) || IsPrivateDependency(name, folder)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Plugin_folders_do_not_ship_what_the_host_provides()
    {
        var problems = new List<string>();
        foreach (var (project, folder, _) in BuildOutputs.Plugins().Where(p => Directory.Exists(p.OutputFolder)))
        {
            problems.AddRange(Directory.EnumerateFiles(folder, "*.dll")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => IsHostProvided(name!) && name != PluginAssemblyName(project))
                .Select(name => $"{project} ships {name}.dll, which the host provides (it must come from the host so types match and libtorch loads once)"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void What_a_plugin_uses_of_the_host_comes_through_the_shared_assembly_list()
    {
        // A host assembly a plugin uses but the loader does not share would be loaded a second time in the
        // plugin's context: its types would not be the host's (casts fail, libtorch loads twice).
        var shared = BuildOutputs.SharedAssemblies();
        var problems = new List<string>();
        foreach (var (project, _, path) in BuildOutputs.Plugins().Where(p => File.Exists(p.AssemblyPath)))
        {
            var plugin = BuiltAssembly.Read(path);
            problems.AddRange(plugin.References
                .Where(r => (IsOurs(r) || IsSharedThirdParty(r)) && !shared.Contains(r, StringComparer.Ordinal))
                .Select(r => $"{project} uses {r}, which plugins/SharedAssemblies.txt does not list: the host's loader would not share it"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string PluginAssemblyName(string project) =>
        Path.GetFileNameWithoutExtension(BuildOutputs.Plugins().Single(p => p.Project == project).AssemblyPath);

    private static void AssertReferences(BuiltAssembly assembly, string[] allowedOurs, Func<string, bool>? allowedOthers = null)
    {
        var problems = Violations(assembly, allowedOurs, allowedOthers);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void AssertFriends(BuiltAssembly assembly, string[] allowed)
    {
        var extra = assembly.InternalsVisibleTo.Except(allowed, StringComparer.Ordinal).ToList();
        Assert.True(extra.Count == 0,
            $"{assembly.Name} opens its internals to {string.Join(", ", extra)}; only {string.Join(", ", allowed)} may see them (anything else uses its public registration and factory).");
    }

    private static List<string> Violations(BuiltAssembly assembly, string[] allowedOurs, Func<string, bool>? allowedOthers)
    {
        var problems = new List<string>();
        foreach (var reference in assembly.References)
        {
            if (IsOurs(reference))
            {
                if (!allowedOurs.Contains(reference, StringComparer.Ordinal))
                {
                    problems.Add($"{assembly.Name} references {reference}, which docs/ARCHITECTURE.md does not allow "
                        + $"({assembly.Name} may reference {(allowedOurs.Length == 0 ? "nothing of ours" : string.Join(", ", allowedOurs))}).");
                }
            }
            else if (allowedOthers is not null && !BuildOutputs.IsFramework(reference) && !allowedOthers(reference))
            {
                problems.Add($"{assembly.Name} references {reference}, which is neither the .NET framework nor a library the host shares with plugins "
                    + "(TorchSharp, Microsoft.Extensions.*.Abstractions) nor a private dependency shipped beside it.");
            }
        }

        return problems;
    }

    private static bool IsOurs(string name) => name == "radcnn" || name.StartsWith("RadCnn.", StringComparison.Ordinal);

    /// <summary>Third-party libraries every plugin may compile against because the host loads them once for all.</summary>
    private static bool IsSharedThirdParty(string name) => name == "TorchSharp" || ExtensionAbstractions().IsMatch(name);

    /// <summary>
    /// Anything the host's process provides: our assemblies, TorchSharp and its dependencies, the Microsoft.Extensions
    /// libraries. A plugin that ships its own copy would load a second, incompatible one.
    /// </summary>
    private static bool IsHostProvided(string name) =>
        IsOurs(name) || BuildOutputs.SharedAssemblies().Contains(name, StringComparer.Ordinal) || HostProvidedThirdParty().IsMatch(name);

    /// <summary>A library the plugin ships in its own folder and the host does not provide (its own NuGet dependency).</summary>
    private static bool IsPrivateDependency(string name, string folder) =>
        !IsHostProvided(name) && File.Exists(Path.Combine(folder, name + ".dll"));

    // Primitives is the abstractions' own dependency (change tokens of IConfiguration).
    [GeneratedRegex(@"^Microsoft\.Extensions\.([A-Za-z]+\.)*Abstractions$|^Microsoft\.Extensions\.Primitives$")]
    private static partial Regex ExtensionAbstractions();

    [GeneratedRegex(@"^(TorchSharp|Google\.Protobuf|ICSharpCode\.SharpZipLib|SkiaSharp.*|Microsoft\.Extensions\..*|Spectre\..*)$")]
    private static partial Regex HostProvidedThirdParty();
}
