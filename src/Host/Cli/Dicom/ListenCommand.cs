using System.CommandLine;
using Microsoft.Extensions.Logging;
using RadCnn.Dicom.Network;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tls;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// `radcnn dicom listen PORT --out DIR`: a plain storage SCP for operators and tests. Every
/// instance is written to DIR/&lt;SOP Instance UID&gt;.dcm and made durable before it is acknowledged:
/// its own fsync by default, or with `--content-flush FileSystem` one syncfs shared by the
/// concurrent associations (the service's <c>RadCnn:Listener:ContentFlush</c>, measured in the README).
/// </summary>
internal sealed class ListenCommand : IDicomSubcommand
{
    public Command Create()
    {
        var port = new Argument<int>("PORT") { Description = "TCP port to listen on (0 picks a free one)." };
        var output = new Option<string>("--out") { Description = "Directory for received instances.", Required = true };
        var aet = new Option<string>("--aet") { Description = "This node's AE title.", DefaultValueFactory = _ => "RADCNN" };
        var allow = new Option<string[]>("--allow") { Description = "Allowed calling AE title, optionally AE@IP (repeatable; default: any).", AllowMultipleArgumentsPerToken = true };
        var maxPdu = new Option<int>("--max-pdu") { Description = "Largest PDU received, in bytes.", DefaultValueFactory = _ => 256 * 1024 };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Concurrent associations.", DefaultValueFactory = _ => 32 };
        var minFree = new Option<long>("--min-free-mb") { Description = "Refuse instances (Out of Resources) below this much free disk space.", DefaultValueFactory = _ => 100 };
        var idle = new Option<int>("--idle-timeout") { Description = "Seconds an association may stay silent.", DefaultValueFactory = _ => 60 };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate: enables DICOM TLS." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var tlsClientCa = new Option<string?>("--tls-client-ca") { Description = "PEM CA: require client certificates issued by it." };
        var contentFlush = new Option<ContentFlushMode>("--content-flush") { Description = "How each instance is made durable before its response: PerFile (its own fsync) or FileSystem (one syncfs shared by concurrent associations).", DefaultValueFactory = _ => ContentFlushMode.PerFile };
        var writeBehind = new Option<int>("--write-behind-kb") { Description = "Kilobytes of an instance received before their write-out starts while the rest arrives (0: once the whole instance is in).", DefaultValueFactory = _ => (int)(DicomListenerOptions.DefaultWriteBehindBytes / 1024) };
        var command = new Command("listen", "Receive instances with C-STORE (and answer C-ECHO) into a directory.")
        {
            port, output, aet, allow, maxPdu, maxAssociations, minFree, idle, tlsCert, tlsKey, tlsClientCa, contentFlush, writeBehind,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            if (!Enum.IsDefined(parse.GetValue(contentFlush)))
            {
                // The parser takes any number for an enum; only the named modes exist.
                await parse.InvocationConfiguration.Error.WriteLineAsync($"radcnn: --content-flush: one of {string.Join(", ", Enum.GetNames<ContentFlushMode>())}").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            if (parse.GetValue(writeBehind) < 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("radcnn: --write-behind-kb: 0 or more").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            var options = new DicomListenerOptions
            {
                Port = parse.GetValue(port),
                AeTitle = parse.GetValue(aet)!,
                MaxPduLength = parse.GetValue(maxPdu),
                MaxConcurrentAssociations = parse.GetValue(maxAssociations),
                MinimumFreeBytes = parse.GetValue(minFree) * 1024 * 1024,
                IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idle)),
                ContentFlush = parse.GetValue(contentFlush),
                WriteBehindBytes = parse.GetValue(writeBehind) * 1024L,
                // Same file system as the destination, so the handler's rename is atomic.
                TempDirectory = Path.Combine(directory, ".incoming"),
            };
            try
            {
                foreach (var entry in parse.GetValue(allow) ?? [])
                {
                    options.AllowedCallers.Add(DicomAllowedCaller.Parse(entry));
                }

                if (parse.GetValue(tlsCert) is { } certPath)
                {
                    options.Tls = DicomServerTlsOptions.FromPemFiles(certPath, parse.GetValue(tlsKey), parse.GetValue(tlsClientCa));
                }
            }
            catch (Exception ex) when (ex is FormatException or IOException or System.Security.Cryptography.CryptographicException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"radcnn: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            await using var listener = new DicomListener(options, new DirectoryStorageHandler(directory), loggerFactory.CreateLogger<DicomListener>());
            try
            {
                await listener.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"radcnn: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"listening as {options.AeTitle} on port {listener.LocalEndPoint.Port}, writing to {directory}, content flush {listener.ContentFlush?.Mode}").ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
