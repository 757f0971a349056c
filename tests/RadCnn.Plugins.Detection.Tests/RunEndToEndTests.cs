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
        using var data = new TempDirectory("radcnn-detection-run");
        using var pacs = new OrthancProcess();
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.detection.tb", "1.1.0", data.Path, pacs);
        var tb = phantoms.Labels.First(l => l.Label == "tuberculosis").File;
        var normal = phantoms.Labels.First(l => l.Label == "normal").File;
        service.SendWithStorescu([tb, normal]);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 2);
        var decisions = new List<string>();
        var resultUids = new HashSet<string>(StringComparer.Ordinal);
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        foreach (var result in service.CommittedResults())
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
            var text = json.RootElement.ToString();
            Assert.Contains("succeeded", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("56717001", text, StringComparison.Ordinal);
            var folder = Path.GetDirectoryName(result)!;
            decisions.Add(text.Contains(", positive,", StringComparison.Ordinal) ? "positive" : text.Contains(", negative,", StringComparison.Ordinal) ? "negative" : "?");
            var objects = RadCnnServiceProcess.ResultDicomFiles(result);
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
        await service.WaitForAsync(
            () =>
            {
                inPacs = pacs.SopInstanceUidsAsync().GetAwaiter().GetResult();
                return resultUids.IsSubsetOf(inPacs);
            });
        Assert.Superset(resultUids, inPacs);
    }
}
