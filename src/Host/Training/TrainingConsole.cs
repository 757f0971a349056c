using RadCnn.Host.Plugins;
using RadCnn.Training.Optimization;
using RadCnn.Training.Reporting;
using Spectre.Console;

namespace RadCnn.Host.Training;

/// <summary>What train and eval share on the command line: where plugins are, and how progress is shown.</summary>
internal static class TrainingConsole
{
    /// <summary>The service's plugins directory (var/plugins), the shipped plugins and a development tree's plugins/ folder.</summary>
    public static IReadOnlyList<string> PluginDirectories(string? given) =>
        given is not null ? [given] : [Path.Combine("var", "plugins"), .. ShippedPlugins.FromEnvironment() is { } shipped ? [shipped] : Array.Empty<string>(), "plugins"];

    /// <summary>A progress bar where a person watches a terminal; JSON lines for pipes, files and --json.</summary>
    public static T WithProgress<T>(bool json, Func<ITrainingProgress, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return SpectreProgress.Run(AnsiConsole.Console, work);
        }

        return work(new JsonLinesProgress(Console.Out));
    }

    /// <summary>The command line as typed, for model.json.</summary>
    public static string CommandLine() =>
        "radcnn " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
