using System.CommandLine;
using RadCnn.Dicom.Network;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// `radcnn dicom send HOST PORT FILE|DIR...`: C-STORE files (directories recursively) over one
/// association; prints one line per instance and exits non-zero when any failed.
/// </summary>
internal sealed class SendCommand : IDicomSubcommand
{
    public Command Create()
    {
        var remote = new RemoteNode();
        var paths = new Argument<string[]>("PATHS") { Description = "DICOM files or directories.", Arity = ArgumentArity.OneOrMore };
        var command = remote.AddTo(new Command("send", "Send DICOM files with C-STORE over one association."), paths);
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

            if (await remote.CreateSenderAsync(parse).ConfigureAwait(false) is not { } sender)
            {
                return ExitCodes.InvalidConfiguration;
            }

            try
            {
                var results = await sender.StoreAsync(files, cancellationToken).ConfigureAwait(false);
                foreach (var result in results)
                {
                    var outcome = result.Status is { } status ? $"status 0x{status:X4}" : $"not sent: {result.Error}";
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"{(result.Succeeded ? "ok    " : "FAILED")} {result.File}: {outcome}").ConfigureAwait(false);
                }

                var failed = results.Count(r => !r.Succeeded);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{results.Count - failed} of {results.Count} instances stored").ConfigureAwait(false);
                return failed == 0 ? 0 : 1;
            }
            catch (DicomNetworkException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"send failed: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
