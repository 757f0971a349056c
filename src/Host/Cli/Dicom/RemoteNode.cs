using System.CommandLine;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Tls;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>
/// The remote DICOM node of `radcnn dicom echo` and `send`: HOST PORT [--aet X] [--aec Y], and DICOM TLS
/// with --tls [--tls-ca CA.pem] [--tls-cert C.pem --tls-key K.pem] [--tls-name NAME].
/// </summary>
internal sealed class RemoteNode
{
    private readonly Argument<string> _host = new("HOST") { Description = "Remote host name or address." };
    private readonly Argument<int> _port = new("PORT") { Description = "Remote DICOM port." };
    private readonly Option<string> _aet = new("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "RADCNN" };
    private readonly Option<string> _aec = new("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
    private readonly Option<bool> _tls = new("--tls") { Description = "Use DICOM TLS (TLS 1.2/1.3)." };
    private readonly Option<string?> _tlsCa = new("--tls-ca") { Description = "PEM CA the node's certificate must chain to (default: the system's roots)." };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "PEM client certificate, for nodes that ask for one." };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "PEM private key of --tls-cert." };
    private readonly Option<string?> _tlsName = new("--tls-name") { Description = "Name the node's certificate must carry, where it is not HOST." };

    /// <summary>Adds HOST and PORT, then <paramref name="more"/> arguments, then the AE title options.</summary>
    public Command AddTo(Command command, params Argument[] more)
    {
        command.Arguments.Add(_host);
        command.Arguments.Add(_port);
        foreach (var argument in more)
        {
            command.Arguments.Add(argument);
        }

        foreach (var option in new Option[] { _aet, _aec, _tls, _tlsCa, _tlsCert, _tlsKey, _tlsName })
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>The sender for the node, or null after saying on the error output why the TLS files cannot be used.</summary>
    public async Task<DicomSender?> CreateSenderAsync(ParseResult parse)
    {
        try
        {
            return CreateSender(parse);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"radcnn: cannot use the TLS files: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private DicomSender CreateSender(ParseResult parse) => new(new DicomSenderOptions
    {
        Host = parse.GetValue(_host)!,
        Port = parse.GetValue(_port),
        CallingAeTitle = parse.GetValue(_aet)!,
        CalledAeTitle = parse.GetValue(_aec)!,
        Tls = parse.GetValue(_tls) ? DicomClientTlsOptions.FromPemFiles(parse.GetValue(_tlsCa), parse.GetValue(_tlsCert), parse.GetValue(_tlsKey), parse.GetValue(_tlsName)) : null,
    });
}
