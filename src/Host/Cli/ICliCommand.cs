using System.CommandLine;

namespace RadCnn.Host.Cli;

/// <summary>
/// One top-level `radcnn` command. Each feature area contributes its own implementation, found by
/// <see cref="CliApplication"/> through reflection, so adding a command touches no shared file.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Builds the command with its options, arguments and action.</summary>
    Command Create();
}
