using System.CommandLine;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>`radcnn dicom`: the DICOM tools for operators (dump, echo, send, listen).</summary>
internal sealed class DicomCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("dicom", "DICOM tools: dump files, echo, send and listen.");
        var subcommands = typeof(DicomCommand).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDicomSubcommand).IsAssignableFrom(t))
            .Select(t => ((IDicomSubcommand)Activator.CreateInstance(t, nonPublic: true)!).Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }
}
