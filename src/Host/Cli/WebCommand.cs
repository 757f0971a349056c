using System.CommandLine;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn web hash-password` (reads the password from standard input, never from the command line,
/// and prints the PBKDF2 hash for RadCnn:Web:Users) and `radcnn web new-key` (prints a new API key
/// once, and the SHA-256 that goes into RadCnn:Web:ApiKeys).
/// </summary>
internal sealed class WebCommand : ICliCommand
{
    public Command Create()
    {
        var hash = new Command("hash-password", "Read a password from standard input and print its hash for RadCnn:Web:Users:N:PasswordHash.");
        hash.SetAction(async (parse, cancellationToken) =>
        {
            var password = (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("give a password of at least 12 characters on standard input").ConfigureAwait(false);
                return 2;
            }

            parse.InvocationConfiguration.Output.WriteLine(PasswordHasher.Hash(password));
            return 0;
        });
        var key = new Command("new-key", "Print a new API key (give it to the machine) and its SHA-256 (put it in RadCnn:Web:ApiKeys:N:Sha256).");
        key.SetAction(parse =>
        {
            var apiKey = PasswordHasher.NewApiKey();
            parse.InvocationConfiguration.Output.WriteLine($"key     {apiKey}");
            parse.InvocationConfiguration.Output.WriteLine($"sha256  {PasswordHasher.KeyDigest(apiKey)}");
            return 0;
        });
        return new Command("web", "Credentials for the web face (dashboard, DICOMweb, /metrics).") { hash, key };
    }
}
