using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Cli;

/// <summary>`radcnn run`: starts the service in the foreground until Ctrl+C or SIGTERM.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (default ./var)." };
        var config = new Option<string?>("--config") { Description = "A JSON settings file." };
        var port = new Option<int?>("--port") { Description = "DICOM listener port (default 11112)." };
        var aeTitle = new Option<string?>("--ae-title") { Description = "DICOM listener AE title (default RADCNN)." };
        var pluginsDir = new Option<string?>("--plugins-dir") { Description = "Plugins directory (default <data dir>/plugins)." };
        var command = new Command("run", "Start the RadCnn service in the foreground (Ctrl+C stops it).")
        {
            dataDir,
            config,
            port,
            aeTitle,
            pluginsDir,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(dataDir) is { } dir)
            {
                settings.Add($"--RadCnn:DataDirectory={dir}");
            }

            if (parse.GetValue(port) is { } listenerPort)
            {
                settings.Add(FormattableString.Invariant($"--RadCnn:Listener:Port={listenerPort}"));
            }

            if (parse.GetValue(aeTitle) is { } title)
            {
                settings.Add($"--RadCnn:Listener:AeTitle={title}");
            }

            if (parse.GetValue(pluginsDir) is { } plugins)
            {
                settings.Add($"--RadCnn:Plugins:Directory={Path.GetFullPath(plugins)}");
            }

            try
            {
                PrivateFiles.RestrictNewFiles(); // before anything writes patient data
                using var host = ServiceHostBuilder.Create([.. settings], parse.GetValue(config)).Build();
                if (host.Services.GetService<PipelinePaths>() is { } paths)
                {
                    PrivateFiles.CloseDataDirectory(paths.DataDirectory);
                }
                // Every setting is checked before the host starts, so a wrong one is reported once, here, not as a host failure with a stack trace.
                host.Services.GetService<IStartupValidator>()?.Validate();
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                // A service that stopped itself for a reason (the DICOM port is taken) set the code.
                return Environment.ExitCode;
            }
            catch (OptionsValidationException ex)
            {
                // A bad setting stops start-up with what is wrong, not a stack trace.
                await Console.Error.WriteLineAsync($"radcnn: invalid configuration: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
            {
                // A missing or malformed --config file.
                await Console.Error.WriteLineAsync($"radcnn: cannot read the configuration: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }
        });
        return command;
    }
}
