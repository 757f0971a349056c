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
        using var data = new TempDirectory("radcnn-classification-run");
        using var pacs = new OrthancProcess();
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.classification.nodules", "1.3.0", data.Path, pacs, "--RadCnn:Assembly:QuietPeriodSeconds=2");
        var files = Directory.GetFiles(phantoms.Series[0], "*.dcm").Order(StringComparer.Ordinal).ToArray();
        var study = DicomFile.Open(files[0]).Dataset.GetString(DicomTag.StudyInstanceUID);
        service.SendWithStorescu(files);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 1);
        var result = Assert.Single(service.CommittedResults());
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(result)))
        {
            Assert.Contains("succeeded", json.RootElement.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        var objects = RadCnnServiceProcess.ResultDicomFiles(result);
        Assert.NotEmpty(objects);
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dicom in objects)
        {
            var ds = DicomFile.Open(dicom).Dataset;
            Assert.Equal(study, ds.GetString(DicomTag.StudyInstanceUID));
            uids.Add(ds.GetString(DicomTag.SOPInstanceUID));
        }

        await service.WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()));
    }
}
