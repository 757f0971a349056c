using System.CommandLine;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>One `radcnn dicom ...` subcommand (dump, echo, send, listen), found by reflection.</summary>
internal interface IDicomSubcommand
{
    Command Create();
}
