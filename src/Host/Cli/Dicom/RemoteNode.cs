using System.CommandLine;
using RadCnn.Dicom.Network.Sender;

namespace RadCnn.Host.Cli.Dicom;

/// <summary>The remote DICOM node of `radcnn dicom echo` and `send`: HOST PORT [--aet X] [--aec Y].</summary>
internal sealed class RemoteNode
{
    private readonly Argument<string> _host = new("HOST") { Description = "Remote host name or address." };
    private readonly Argument<int> _port = new("PORT") { Description = "Remote DICOM port." };
    private readonly Option<string> _aet = new("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "RADCNN" };
    private readonly Option<string> _aec = new("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };

    /// <summary>Adds HOST and PORT, then <paramref name="more"/> arguments, then the AE title options.</summary>
    public Command AddTo(Command command, params Argument[] more)
    {
        command.Arguments.Add(_host);
        command.Arguments.Add(_port);
        foreach (var argument in more)
        {
            command.Arguments.Add(argument);
        }

        command.Options.Add(_aet);
        command.Options.Add(_aec);
        return command;
    }

    public DicomSender CreateSender(ParseResult parse) => new(new DicomSenderOptions
    {
        Host = parse.GetValue(_host)!,
        Port = parse.GetValue(_port),
        CallingAeTitle = parse.GetValue(_aet)!,
        CalledAeTitle = parse.GetValue(_aec)!,
    });
}
