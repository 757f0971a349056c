using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using RadCnn.Host.Cli;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

public sealed class DicomListenCommandTests
{
    [Fact]
    public async Task A_taken_port_gives_one_line_and_exit_code_69_not_a_stack_trace()
    {
        using var dir = new TempDirectory();
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.BuildRootCommand()
            .Parse(["dicom", "listen", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.Combine("out")])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(ExitCodes.Unavailable, code);
        var message = error.ToString().Trim();
        Assert.Equal($"radcnn: cannot listen on 0.0.0.0 port {port}: it is already in use (another DICOM node or a second RadCnn?)", message);
    }
}
