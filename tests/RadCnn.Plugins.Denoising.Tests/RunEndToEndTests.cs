using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, a low-dose phantom
/// series sent by DCMTK storescu, the derived series forwarded (C-STORE) to a real Orthanc that already
/// holds the original: it lands in the same study, as a second series of the same size.
/// </summary>
[Collection(PhantomSeriesCollection.Name)]
public sealed class RunEndToEndTests(PhantomSeriesFixture phantoms)
{
    [Fact]
    public async Task DerivedSeriesReachesThePacsInTheSourceStudy()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var data = new TempDirectory("radcnn-denoising-run");
        var port = Peers.FreeTcpPort();
        using var pacs = new OrthancProcess();
        var low = phantoms.Files("low-dose");
        var original = Peers.Run(storescu, ["-aec", "ORTHANC", "127.0.0.1", pacs.DicomPort.ToString(CultureInfo.InvariantCulture), .. low]);
        Assert.True(original.ExitCode == 0, original.Combined);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Repository.RadCnnDll, "run", "--data-dir", data.Path, "--plugins-dir", Path.GetDirectoryName(Repository.PluginFolder)!, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacs.DicomPort.ToString(CultureInfo.InvariantCulture)}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC" })
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
            await WaitForAsync(() => Log(log).Contains($"DICOM listener on port {port}", StringComparison.Ordinal) && Log(log).Contains("radcnn.denoising.ldct 1.0.0 is active", StringComparison.Ordinal), log);
            var send = Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. low]);
            Assert.True(send.ExitCode == 0, send.Combined);
            var outbox = Path.Combine(data.Path, "outbox");
            await WaitForAsync(() => Directory.Exists(outbox) && CommittedResults(outbox).Length >= 1, log);
            var result = Assert.Single(CommittedResults(outbox));
            Assert.Contains("succeeded", await File.ReadAllTextAsync(result), StringComparison.OrdinalIgnoreCase);
            var derived = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(result)!, "dicom"), "*.dcm").Select(f => DicomFile.Open(f).Dataset).ToList();
            Assert.Equal(low.Count, derived.Count);
            var uids = derived.Select(d => d.GetString(DicomTag.SOPInstanceUID)).ToHashSet(StringComparer.Ordinal);
            await WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()), log);

            // In the PACS: one study holding the original series and the derived one, four slices each.
            using var studies = JsonDocument.Parse(await pacs.Http.GetStringAsync(new Uri("/studies", UriKind.Relative)));
            var study = Assert.Single(studies.RootElement.EnumerateArray()).GetString();
            using var series = JsonDocument.Parse(await pacs.Http.GetStringAsync(new Uri($"/studies/{study}/series", UriKind.Relative)));
            var counts = series.RootElement.EnumerateArray().Select(s => s.GetProperty("Instances").GetArrayLength()).ToList();
            Assert.Equal([low.Count, low.Count], counts);
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
