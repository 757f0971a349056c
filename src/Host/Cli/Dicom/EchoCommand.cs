using System.CommandLine;
using RadCnn.Dicom.Network;
using RadCnn.Dicom.Network.Sender;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>`radcnn dicom echo HOST PORT`: C-ECHO a remote node; exit code 0 only on success status.</summary>
internal sealed class EchoCommand : IDicomSubcommand
{
    public Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "Remote host name or address." };
        var port = new Argument<int>("PORT") { Description = "Remote DICOM port." };
        var aet = new Option<string>("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "RADCNN" };
        var aec = new Option<string>("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
        var command = new Command("echo", "Verify a DICOM node with C-ECHO.") { host, port, aet, aec };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sender = new DicomSender(new DicomSenderOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                CallingAeTitle = parse.GetValue(aet)!,
                CalledAeTitle = parse.GetValue(aec)!,
            });
            try
            {
                var status = await sender.EchoAsync(cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"C-ECHO status 0x{status:X4}").ConfigureAwait(false);
                return status == 0 ? 0 : 1;
            }
            catch (DicomNetworkException ex)
            {
                await Console.Error.WriteLineAsync($"echo failed: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
