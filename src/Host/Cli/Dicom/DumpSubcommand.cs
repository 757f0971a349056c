using System.CommandLine;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Dicom.Dump;
using RadCnn.Dicom.Json;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// `radcnn dicom dump FILE... [--json] [--pixels]`: a dcmdump-like listing, or the DICOM JSON model
/// (PS3.18 Annex F; one indented object for one file, one compact object per line for several).
/// A file that cannot be read is reported on stderr and the others still printed; the exit status
/// is 1 if any file failed.
/// </summary>
internal sealed class DumpSubcommand : IDicomSubcommand
{
    public Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "DICOM files to print.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the DICOM JSON model (PS3.18 Annex F) instead of a listing." };
        var pixels = new Option<bool>("--pixels") { Description = "With --json, include pixel data as InlineBinary (left out by default)." };
        var command = new Command("dump", "Print DICOM files as a readable listing or as DICOM JSON.") { files, json, pixels };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var paths = parse.GetValue(files) ?? [];
            var options = new DicomJsonOptions { IncludePixelData = parse.GetValue(pixels), Indented = paths.Length == 1 };
            var failed = 0;
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string text;
                try
                {
                    var file = DicomFile.Open(path);
                    text = parse.GetValue(json) ? DicomJsonWriter.Serialize(file.Dataset, options) : DicomDumpWriter.Dump(file);
                }
                catch (Exception e) when (e is DicomFormatException or IOException or UnauthorizedAccessException or FormatException or JsonException or InvalidOperationException)
                {
                    failed++;
                    await error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
                    continue;
                }

                if (!parse.GetValue(json) && paths.Length > 1)
                {
                    await output.WriteLineAsync($"# {path}").ConfigureAwait(false);
                }

                await output.WriteLineAsync(text).ConfigureAwait(false);
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
