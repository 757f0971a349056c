using System.Buffers.Binary;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using RadCnn.Host.Cli;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// A remote node that lies to `radcnn dicom send` (issue 18): it answers the A-ASSOCIATE-RQ with a PDU
/// header announcing 4 GB. The command reports one line and exits non-zero, never a stack trace. A real
/// socket on loopback plays the peer.
/// </summary>
public sealed class HostilePeerTests
{
    [Fact]
    public async Task A_peer_announcing_a_four_gigabyte_pdu_gets_one_line_from_dicom_send()
    {
        using var dir = new TempDirectory("radcnn-send");
        var file = TestStudy.WriteSeries(dir.Combine("src"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1)[0];
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var peer = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var header = new byte[6];
            await stream.ReadExactlyAsync(header);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await stream.ReadExactlyAsync(body);
            var answer = new byte[6 + 64];
            answer[0] = 0x02; // A-ASSOCIATE-AC …
            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(2), uint.MaxValue); // … of 4 GB
            await stream.WriteAsync(answer);
            await Task.Delay(2000);
        });

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(["dicom", "send", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), file])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        await peer;

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(0, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("send failed:", line, StringComparison.Ordinal);
        Assert.Contains("4294967295", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output.ToString() + error, StringComparison.Ordinal);
    }
}
