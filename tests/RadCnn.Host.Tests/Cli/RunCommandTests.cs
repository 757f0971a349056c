using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

public sealed class RunCommandTests
{
    [Fact]
    public void The_service_stops_with_one_line_and_exit_code_69_when_its_dicom_port_is_taken()
    {
        using var dir = new TempDirectory();
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        // A separate process: the service sets the process exit code, which must not be the test host's.
        var result = Peers.Run("dotnet",
            [typeof(ServiceHostBuilder).Assembly.Location, "run", "--data-dir", dir.Combine("var"), "--port", port, "--plugins-dir", dir.Combine("plugins")],
            TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == ExitCodes.Unavailable, result.Combined);
        Assert.Contains($"the DICOM listener cannot start: cannot listen on 0.0.0.0 port {port}: it is already in use", result.Combined, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Combined, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--RadCnn:Listener:AllowedCallers:0=MODALITY1@not-an-address", "'not-an-address' is not an IP address")]
    [InlineData("--RadCnn:Listener:TlsCertificateFile=/nonexistent/radcnn.pem", "TlsCertificateFile: no file at /nonexistent/radcnn.pem")]
    [InlineData("--RadCnn:Forwarding:TlsCaFile=/etc/hostname", "the Tls* settings need TlsEnabled=true")]
    public void A_wrong_listener_setting_stops_the_start_with_exit_code_78_and_says_which(string setting, string expected)
    {
        using var dir = new TempDirectory();
        var result = Peers.Run("dotnet",
            [typeof(ServiceHostBuilder).Assembly.Location, "run", "--data-dir", dir.Combine("var"), "--port", "0", "--plugins-dir", dir.Combine("plugins"), setting],
            TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == ExitCodes.InvalidConfiguration, result.Combined);
        Assert.Contains(expected, result.Combined, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Combined, StringComparison.Ordinal);
    }
}
