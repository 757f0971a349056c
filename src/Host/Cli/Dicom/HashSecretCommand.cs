using System.CommandLine;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// `radcnn dicom hash-secret`: reads a password or shared secret from standard input (one line) and
/// prints its salted PBKDF2 hash for RadCnn:Listener:Credentials; the secret never goes on a command line.
/// </summary>
internal sealed class HashSecretCommand : IDicomSubcommand
{
    public Command Create()
    {
        var command = new Command("hash-secret", "Hash a DICOM user identity password or shared secret read from standard input, for RadCnn:Listener:Credentials.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(secret))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("hash-secret: give the secret on standard input").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(DicomCallerCredential.Hash(secret)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
