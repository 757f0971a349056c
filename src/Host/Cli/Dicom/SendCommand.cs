using System.CommandLine;
using RadCnn.Dicom.Network;
using RadCnn.Host.Hosting;

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
            // Files named on the command line are always sent; in a scanned directory, files that are not
            // DICOM Part 10 (masks, labels.csv, JSON beside the images) are skipped and counted, as dcmsend does.
            var files = new List<string>();
            var skipped = 0;
            foreach (var path in parse.GetValue(paths)!)
            {
                if (Directory.Exists(path))
                {
                    foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    {
                        if (Part10Sniffer.IsPart10(file))
                        {
                            files.Add(file);
                        }
                        else
                        {
                            skipped++;
                        }
                    }
                }
                else
                {
                    files.Add(path);
                }
            }

            if (skipped > 0)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"skipped {skipped} file(s) that are not DICOM Part 10").ConfigureAwait(false);
            }

            if (files.Count == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("no DICOM files to send").ConfigureAwait(false);
                return 1;
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
