using System.CommandLine;
using System.Reflection;

namespace RadCnn.Host.Cli;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly and runs it.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRootCommand();
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RadCnn: a hospital-side host for CNN plugins on DICOM images and radiology reports. Not for clinical use.");
        var commands = typeof(CliApplication).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
            .Select(c => c.Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
