using System.CommandLine;
using RadCnn.Dicom.Network;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>`radcnn dicom echo HOST PORT`: C-ECHO a remote node; exit code 0 only on success status.</summary>
internal sealed class EchoCommand : IDicomSubcommand
{
    public Command Create()
    {
        var remote = new RemoteNode();
        var command = remote.AddTo(new Command("echo", "Verify a DICOM node with C-ECHO."));
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await remote.CreateSenderAsync(parse).ConfigureAwait(false) is not { } sender)
            {
                return ExitCodes.InvalidConfiguration;
            }

            try
            {
                var status = await sender.EchoAsync(cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"C-ECHO status 0x{status:X4}").ConfigureAwait(false);
                return status == 0 ? 0 : 1;
            }
            catch (DicomNetworkException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"echo failed: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
