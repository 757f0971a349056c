using System.CommandLine;
using Microsoft.Extensions.Hosting;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Cli;

/// <summary>`radcnn run`: starts the service in the foreground until Ctrl+C or SIGTERM.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (default ./var)." };
        var config = new Option<string?>("--config") { Description = "A JSON settings file." };
        var command = new Command("run", "Start the RadCnn service in the foreground (Ctrl+C stops it).")
        {
            dataDir,
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(dataDir) is { } dir)
            {
                settings.Add($"--RadCnn:DataDirectory={dir}");
            }

            using var host = ServiceHostBuilder.Create([.. settings], parse.GetValue(config)).Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
