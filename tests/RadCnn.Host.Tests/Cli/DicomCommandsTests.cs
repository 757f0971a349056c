using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RadCnn.Dicom;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

/// <summary>`radcnn dicom echo | send | listen` against DCMTK's storescp, storescu and echoscu.</summary>
public sealed class DicomCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-cli-dicom");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Echo_reports_success_from_storescp_and_fails_with_exit_2_where_nothing_listens()
    {
        using var storescp = new StorescpProcess(_dir.Combine("scp"));

        var (code, output) = await Run("dicom", "echo", "127.0.0.1", Port(storescp.Port), "--aec", "STORESCP");
        Assert.Equal(0, code);
        Assert.Contains("C-ECHO status 0x0000", output, StringComparison.Ordinal);

        var (downCode, down) = await Run("dicom", "echo", "127.0.0.1", Port(Peers.FreeTcpPort()), "--aec", "STORESCP");
        Assert.Equal(2, downCode);
        Assert.StartsWith("echo failed: ", down, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_speaks_dicom_tls_with_a_client_certificate_to_a_node_that_requires_it()
    {
        using var certificates = new TestCertificates(_dir.Path);
        using var storescp = new StorescpProcess(_dir.Combine("scp"), "STORESCP", "+tls", certificates.ServerKeyPem, certificates.ServerPem, "+cf", certificates.CaPem);
        string[] node = ["dicom", "echo", "127.0.0.1", Port(storescp.Port), "--aec", "STORESCP"];

        var (code, output) = await Run([.. node, "--tls", "--tls-ca", certificates.CaPem, "--tls-cert", certificates.ClientPem, "--tls-key", certificates.ClientKeyPem, "--tls-name", "localhost"]);
        Assert.True(code == 0, output);
        Assert.Contains("C-ECHO status 0x0000", output, StringComparison.Ordinal);

        var (plainCode, _) = await Run(node);
        Assert.Equal(2, plainCode);
        var (badCode, bad) = await Run([.. node, "--tls", "--tls-ca", _dir.Combine("missing.pem")]);
        Assert.Equal(ExitCodes.InvalidConfiguration, badCode);
        Assert.StartsWith("radcnn: cannot use the TLS files: ", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_stores_a_directory_into_storescp_one_line_per_instance_and_flags_a_non_dicom_file()
    {
        using var storescp = new StorescpProcess(_dir.Combine("scp"));
        var files = TestStudy.WriteSeries(_dir.Combine("series"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 3);
        var notDicom = _dir.Combine("notes.txt");
        await File.WriteAllTextAsync(notDicom, "not DICOM");

        var (code, output) = await Run("dicom", "send", "127.0.0.1", Port(storescp.Port), _dir.Combine("series"), notDicom, "--aec", "STORESCP");

        Assert.Equal(1, code); // one input was not sendable
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Contains($"FAILED {notDicom}: not sent", output, StringComparison.Ordinal);
        Assert.Contains("3 of 4 instances stored", output, StringComparison.Ordinal);
        var received = Directory.GetFiles(storescp.OutputDirectory).Select(f => DicomFile.Open(f).Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID)).ToHashSet();
        Assert.Equal(files.Select(f => DicomFile.Open(f).Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID)).ToHashSet(), received);
    }

    [Fact]
    public async Task Send_of_a_phantom_folder_skips_masks_csv_and_json_with_one_summary_line_and_exits_0()
    {
        using var storescp = new StorescpProcess(_dir.Combine("scp"));
        var folder = _dir.Combine("phantom");
        var files = TestStudy.WriteSeries(Path.Combine(folder, "images"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "masks", "1.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        await File.WriteAllTextAsync(Path.Combine(folder, "labels.csv"), "file,label\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "phantom.json"), "{}");

        var (code, output) = await Run("dicom", "send", "127.0.0.1", Port(storescp.Port), folder, "--aec", "STORESCP");

        Assert.Equal(0, code);
        Assert.Contains("skipped 3 file(s) that are not DICOM Part 10", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 instances stored", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.Equal(files.Count, Directory.GetFiles(storescp.OutputDirectory).Length);
    }

    [Fact]
    public async Task Listen_writes_what_storescu_sends_under_the_sop_instance_uid_until_cancelled()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        var files = TestStudy.WriteSeries(_dir.Combine("series"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 3);
        var port = Peers.FreeTcpPort();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        var listening = CliApplication.BuildRootCommand()
            .Parse(["dicom", "listen", Port(port), "--out", _dir.Combine("received"), "--min-free-mb", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, stop.Token);
        await TestStudy.WaitForPortAsync(port);

        var sent = Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", Port(port), .. files]);
        await stop.CancelAsync();

        Assert.True(sent.ExitCode == 0, sent.Combined);
        Assert.Equal(0, await listening);
        foreach (var file in files)
        {
            var uid = DicomFile.Open(file).Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID);
            var stored = DicomFile.Open(Path.Combine(_dir.Combine("received"), uid + ".dcm"));
            Assert.Equal(DicomFile.Open(file).Dataset.GetStringOrDefault(DicomTag.PatientID), stored.Dataset.GetStringOrDefault(DicomTag.PatientID));
        }

        Assert.Contains($"listening as RADCNN on port {port}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_with_a_shared_file_system_flush_keeps_every_instance_of_two_concurrent_senders()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        var first = TestStudy.WriteSeries(_dir.Combine("a"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 4);
        var second = TestStudy.WriteSeries(_dir.Combine("b"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 4);
        var port = Peers.FreeTcpPort();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        var listening = CliApplication.BuildRootCommand()
            .Parse(["dicom", "listen", Port(port), "--out", _dir.Combine("received"), "--min-free-mb", "0", "--content-flush", "FileSystem"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, stop.Token);
        await TestStudy.WaitForPortAsync(port);

        var sends = await Task.WhenAll(
            Task.Run(() => Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", Port(port), .. first])),
            Task.Run(() => Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", Port(port), .. second])));
        await stop.CancelAsync();

        Assert.All(sends, sent => Assert.True(sent.ExitCode == 0, sent.Combined));
        Assert.Equal(0, await listening);
        foreach (var file in first.Concat(second))
        {
            var sent = DicomFile.Open(file).Dataset;
            var stored = DicomFile.Open(Path.Combine(_dir.Combine("received"), sent.GetStringOrDefault(DicomTag.SOPInstanceUID) + ".dcm")).Dataset;
            Assert.Equal(PixelBytes(sent), PixelBytes(stored));
        }

        // The mode in force, not only the one asked for (it falls back to per-file where syncfs is missing).
        Assert.Contains("content flush FileSystem", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("Sometimes")]
    public async Task Listen_refuses_a_content_flush_mode_that_does_not_exist(string mode)
    {
        // Bounded: a listener that accepted the mode would otherwise listen until cancelled (and then exit 0).
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand()
            .Parse(["dicom", "listen", Port(Peers.FreeTcpPort()), "--out", _dir.Combine("out"), "--content-flush", mode])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, bound.Token);
        var message = output.ToString();

        Assert.NotEqual(0, code);
        Assert.Contains("--content-flush", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("out")), "nothing is created for a refused configuration");
    }

    [Fact]
    public async Task Listen_refuses_a_negative_write_behind_step()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand()
            .Parse(["dicom", "listen", Port(Peers.FreeTcpPort()), "--out", _dir.Combine("out"), "--write-behind-kb", "-1"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, bound.Token);

        Assert.NotEqual(0, code);
        Assert.Contains("--write-behind-kb", output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("out")), "nothing is created for a refused configuration");
    }

    [Fact]
    public async Task Listen_on_a_taken_port_gives_one_line_and_exit_code_69_not_a_stack_trace()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var (code, message) = await Run("dicom", "listen", Port(port), "--out", _dir.Combine("out"));

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal($"radcnn: cannot listen on 0.0.0.0 port {port}: it is already in use (another DICOM node or a second RadCnn?)", message.Trim());
    }

    private static byte[] PixelBytes(DicomDataset dataset) => Assert.IsType<DicomElement>(dataset.GetItem(DicomTag.PixelData)).GetBytes().ToArray();

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
