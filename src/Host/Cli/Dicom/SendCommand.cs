using System.CommandLine;
using RadCnn.Dicom.Network;
using RadCnn.Dicom.Network.Sender;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// `radcnn dicom send HOST PORT FILE|DIR...`: C-STORE files (directories recursively) over one
/// association; prints one line per instance and exits non-zero when any failed.
/// </summary>
internal sealed class SendCommand : IDicomSubcommand
{
    public Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "Remote host name or address." };
        var port = new Argument<int>("PORT") { Description = "Remote DICOM port." };
        var paths = new Argument<string[]>("PATHS") { Description = "DICOM files or directories.", Arity = ArgumentArity.OneOrMore };
        var aet = new Option<string>("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "RADCNN" };
        var aec = new Option<string>("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
        var command = new Command("send", "Send DICOM files with C-STORE over one association.") { host, port, paths, aet, aec };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = new List<string>();
            foreach (var path in parse.GetValue(paths)!)
            {
                if (Directory.Exists(path))
                {
                    files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                }
                else
                {
                    files.Add(path);
                }
            }

            var sender = new DicomSender(new DicomSenderOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                CallingAeTitle = parse.GetValue(aet)!,
                CalledAeTitle = parse.GetValue(aec)!,
            });
            try
            {
                var results = await sender.StoreAsync(files, cancellationToken).ConfigureAwait(false);
                foreach (var result in results)
                {
                    var outcome = result.Status is { } status ? $"status 0x{status:X4}" : $"not sent: {result.Error}";
                    await Console.Out.WriteLineAsync($"{(result.Succeeded ? "ok    " : "FAILED")} {result.File}: {outcome}").ConfigureAwait(false);
                }

                var failed = results.Count(r => !r.Succeeded);
                await Console.Out.WriteLineAsync($"{results.Count - failed} of {results.Count} instances stored").ConfigureAwait(false);
                return failed == 0 ? 0 : 1;
            }
            catch (DicomNetworkException ex)
            {
                await Console.Error.WriteLineAsync($"send failed: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
