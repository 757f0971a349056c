using System.Diagnostics;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, phantom radiographs
/// sent by DCMTK storescu, results in the outbox and forwarded (C-STORE) to a real Orthanc as the PACS.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class RunEndToEndTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task RadiographsSentByStorescuComeOutAsResultsWithReportAndHeatMap()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var data = new TempDirectory("radcnn-detection-run");
        var port = Peers.FreeTcpPort();
        using var pacs = new OrthancProcess();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repository.RadCnnDll, "run", "--data-dir", data.Path, "--plugins-dir", Path.GetDirectoryName(Repository.PluginFolder)!, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacs.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC" })
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
            await WaitForAsync(() => Log(log).Contains($"DICOM listener on port {port}", StringComparison.Ordinal) && Log(log).Contains("radcnn.detection.tb 1.0.0 is active", StringComparison.Ordinal), log);
            var tb = phantoms.Labels.First(l => l.Label == "tuberculosis").File;
            var normal = phantoms.Labels.First(l => l.Label == "normal").File;
            var send = Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), tb, normal]);
            Assert.True(send.ExitCode == 0, send.Combined);
            var outbox = Path.Combine(data.Path, "outbox");
            await WaitForAsync(() => Directory.Exists(outbox) && CommittedResults(outbox).Length >= 2, log);
            var decisions = new List<string>();
            var resultUids = new HashSet<string>(StringComparer.Ordinal);
            var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
            foreach (var result in CommittedResults(outbox))
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
                var text = json.RootElement.ToString();
                Assert.Contains("succeeded", text, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("56717001", text, StringComparison.Ordinal);
                var folder = Path.GetDirectoryName(result)!;
                decisions.Add(text.Contains(", positive,", StringComparison.Ordinal) ? "positive" : text.Contains(", negative,", StringComparison.Ordinal) ? "negative" : "?");
                var objects = Directory.GetFiles(Path.Combine(folder, "dicom"), "*.dcm");
                Assert.Equal(2, objects.Length);
                foreach (var dicom in objects)
                {
                    resultUids.Add(DicomFile.Open(dicom).Dataset.GetString(DicomTag.SOPInstanceUID));
                    var check = Peers.Run(dciodvfy, [dicom]);
                    Assert.DoesNotContain("Error", check.StandardOutput + check.StandardError, StringComparison.Ordinal);
                }

                Assert.Single(Directory.GetFiles(Path.Combine(folder, "files"), "*.png"));
            }

            // One tuberculosis and one normal phantom were sent: one positive and one negative decision.
            Assert.Equal(["negative", "positive"], decisions.Order().ToArray());

            // Every SR and heat-map SC reached the PACS.
            Assert.Equal(4, resultUids.Count);
            var inPacs = new HashSet<string>(StringComparer.Ordinal);
            await WaitForAsync(
                () =>
                {
                    inPacs = pacs.SopInstanceUidsAsync().GetAwaiter().GetResult();
                    return resultUids.IsSubsetOf(inPacs);
                },
                log);
            Assert.Superset(resultUids, inPacs);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    /// <summary>result.json of the finished jobs: a folder still being written has a hidden temporary name until it is renamed into place.</summary>
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
