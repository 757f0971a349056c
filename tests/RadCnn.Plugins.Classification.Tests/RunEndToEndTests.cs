using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, a phantom CT series
/// sent by DCMTK storescu, the result in the outbox and its SR and key images forwarded (C-STORE) to a
/// real Orthanc as the PACS, in the series' study.
/// </summary>
[Collection(ChestCtCollection.Name)]
public sealed class RunEndToEndTests(ChestCtFixture phantoms)
{
    [Fact]
    public async Task ACtSeriesSentByStorescuComesOutAsAResultInTheSameStudyInThePacs()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var data = new TempDirectory("radcnn-classification-run");
        var port = Peers.FreeTcpPort();
        using var pacs = new OrthancProcess();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repository.RadCnnDll, "run", "--data-dir", data.Path, "--plugins-dir", Path.GetDirectoryName(Repository.PluginFolder)!, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacs.DicomPort.ToString(CultureInfo.InvariantCulture)}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC", "--RadCnn:Assembly:QuietPeriodSeconds=2" })
        {
            info.ArgumentList.Add(argument);
        }

        using var service = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        service.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        service.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            await WaitForAsync(() => Log(log).Contains($"DICOM listener on port {port}", StringComparison.Ordinal) && Log(log).Contains("radcnn.classification.nodules 1.0.0 is active", StringComparison.Ordinal), log);
            var series = phantoms.Series[0];
            var files = Directory.GetFiles(series, "*.dcm").Order(StringComparer.Ordinal).ToArray();
            var study = DicomFile.Open(files[0]).Dataset.GetString(DicomTag.StudyInstanceUID);
            var send = Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);
            Assert.True(send.ExitCode == 0, send.Combined);
            var outbox = Path.Combine(data.Path, "outbox");
            await WaitForAsync(() => Directory.Exists(outbox) && CommittedResults(outbox).Length >= 1, log);
            var result = Assert.Single(CommittedResults(outbox));
            using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(result)))
            {
                Assert.Contains("succeeded", json.RootElement.ToString(), StringComparison.OrdinalIgnoreCase);
            }

            var objects = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(result)!, "dicom"), "*.dcm");
            Assert.NotEmpty(objects);
            var uids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dicom in objects)
            {
                var ds = DicomFile.Open(dicom).Dataset;
                Assert.Equal(study, ds.GetString(DicomTag.StudyInstanceUID));
                uids.Add(ds.GetString(DicomTag.SOPInstanceUID));
            }

            await WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()), log);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static string[] CommittedResults(string outbox) =>
        [.. Directory.GetDirectories(outbox).Where(d => !Path.GetFileName(d).StartsWith('.')).Select(d => Path.Combine(d, "result.json")).Where(File.Exists)];

    private static string Log(System.Text.StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, System.Text.StringBuilder log)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"timed out; service log:\n{Log(log)}");
            await Task.Delay(250);
        }
    }
}
