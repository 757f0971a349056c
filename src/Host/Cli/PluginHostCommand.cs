using System.CommandLine;
using RadCnn.Host.Plugins.Isolation;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn plugin-host` (hidden): the child process the service starts for a plugin configured to run
/// out of process. It speaks the control protocol on its standard input and output; not for operators.
/// </summary>
internal sealed class PluginHostCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command(PluginHostChild.Verb, "Runs one plugin for the service in a process of its own (started by the service).")
        {
            Hidden = true,
        };
        command.SetAction((_, _) => PluginHostChild.RunAsync());
        return command;
    }
}
