using RadCnn.Host.Runner;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Outputs;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// The PACS as a real peer: a study fed by storescu and the drop folder is processed while the PACS
/// is down. The jobs finish, every delivery is recorded as failed with its reason and listed by
/// `radcnn status`; once a real Orthanc listens there, `radcnn replay --deliveries` sends every DICOM
/// result object, and Orthanc holds exactly those.
/// </summary>
public sealed class ForwardingEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-forward-e2e");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Results_wait_out_a_pacs_that_is_down_and_reach_orthanc_after_replay()
    {
        var port = Peers.FreeTcpPort();
        var pacsPort = Peers.FreeTcpPort();
        var data = _dir.Combine("var");
        var gateway = new TestPluginGateway();
        var builder = TestService.Create(data, port, _dir.Combine("plugins"),
            "--RadCnn:Forwarding:Host=127.0.0.1",
            $"--RadCnn:Forwarding:Port={pacsPort}",
            "--RadCnn:Forwarding:CalledAeTitle=ORTHANC",
            "--RadCnn:Forwarding:MaxAttempts=2",
            "--RadCnn:Forwarding:RetryDelaySeconds=0.05",
            "--RadCnn:Forwarding:ScanSeconds=0.2");
        builder.Services.AddSingleton<IPluginGateway>(gateway);
        var study = TestStudy.NewUid();
        var sentSeries = TestStudy.NewUid();
        var droppedSeries = TestStudy.NewUid();
        var ct = TestStudy.WriteSeries(_dir.Combine("ct"), study, sentSeries, "CT", 4);
        var paths = PipelinePaths.For(data);

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForPortAsync(port);
            var sent = TestStudy.Storescu(port, ct);
            Assert.True(sent.ExitCode == 0, sent.Combined);
            TestStudy.WriteSeries(Path.Combine(paths.Inbox, "ct2"), study, droppedSeries, "CT", 3);

            // PACS down: both jobs finish, both deliveries fail with the reason, status lists them.
            await TestStudy.WaitForAsync(store, s => s.Jobs.GetValueOrDefault("Done") == 2 && s.Deliveries.GetValueOrDefault("failed") == 2);
            var failed = (await store.GetStatusAsync()).FailedDeliveries;
            Assert.All(failed, d =>
            {
                Assert.Equal($"ORTHANC@127.0.0.1:{pacsPort}", d.Destination);
                Assert.False(string.IsNullOrWhiteSpace(d.LastError));
            });
            var (statusCode, statusJson) = await RunCli("status", "--data-dir", data, "--json");
            Assert.Equal(0, statusCode);
            using (var status = JsonDocument.Parse(statusJson))
            {
                Assert.Equal(2, status.RootElement.GetProperty("failedDeliveries").GetArrayLength());
            }

            // The PACS comes back; the operator replays the deliveries.
            using var orthanc = OrthancProcess.StartOn(pacsPort);
            var (replayCode, replayOutput) = await RunCli("replay", "--deliveries", "--data-dir", data);
            Assert.Equal(0, replayCode);
            Assert.Contains("2 failed deliveries pending again", replayOutput, StringComparison.Ordinal);
            await TestStudy.WaitForAsync(store, s => s.Deliveries.GetValueOrDefault("sent") == 2);

            var produced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var job in await store.GetJobsAsync(JobState.Done))
            {
                var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json")));
                produced.UnionWith(result.DicomObjects.Select(o => o.SopInstanceUid));
            }

            Assert.Equal(2, produced.Count);
            Assert.Equal(produced, await orthanc.SopInstanceUidsAsync());
            Assert.Equal(1, gateway.Calls[$"noop|{sentSeries}|4"]);
            Assert.Equal(1, gateway.Calls[$"noop|{droppedSeries}|3"]);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Results_go_to_a_pacs_that_requires_dicom_tls_and_a_client_certificate()
    {
        using var certificates = new TestCertificates(_dir.Path);
        using var pacs = new StorescpProcess(_dir.Combine("pacs"), "TLSPACS", "+tls", certificates.ServerKeyPem, certificates.ServerPem, "+cf", certificates.CaPem);
        var data = _dir.Combine("var");
        var gateway = new TestPluginGateway();
        var builder = TestService.Create(data, port: null, _dir.Combine("plugins"),
            "--RadCnn:Forwarding:Host=127.0.0.1",
            $"--RadCnn:Forwarding:Port={pacs.Port}",
            "--RadCnn:Forwarding:CalledAeTitle=TLSPACS",
            "--RadCnn:Forwarding:MaxAttempts=2",
            "--RadCnn:Forwarding:RetryDelaySeconds=0.05",
            "--RadCnn:Forwarding:TlsEnabled=true",
            $"--RadCnn:Forwarding:TlsCaFile={certificates.CaPem}",
            $"--RadCnn:Forwarding:TlsCertificateFile={certificates.ClientPem}",
            $"--RadCnn:Forwarding:TlsKeyFile={certificates.ClientKeyPem}",
            "--RadCnn:Forwarding:TlsTargetHost=localhost");
        builder.Services.AddSingleton<IPluginGateway>(gateway);
        TestStudy.WriteSeries(Path.Combine(PipelinePaths.For(data).Inbox, "ct"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForAsync(store, s => s.Deliveries.GetValueOrDefault("sent") + s.Deliveries.GetValueOrDefault("failed") == 1);
            Assert.Empty((await store.GetStatusAsync()).FailedDeliveries);
            var job = Assert.Single(await store.GetJobsAsync(JobState.Done));
            var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json")));
            var received = Directory.GetFiles(pacs.OutputDirectory).Select(f => RadCnn.Dicom.DicomFile.Open(f).Dataset.GetStringOrDefault(RadCnn.Dicom.DicomTag.SOPInstanceUID));
            Assert.Equal(result.DicomObjects.Select(o => o.SopInstanceUid), received);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<(int Code, string Output)> RunCli(params string[] args)
    {
        // The status and replay commands write to the console; capture it for this call only.
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
