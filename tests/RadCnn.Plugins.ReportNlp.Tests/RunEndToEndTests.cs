using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, an HL7 ORU^R01 report
/// dropped into the report inbox, the result in the outbox and its SR forwarded to a real Orthanc under
/// the study the report names; the service's log holds no report text.
/// </summary>
public sealed class RunEndToEndTests
{
    [Fact]
    public async Task AnHl7ReportDroppedInTheInboxGivesAResultAndAnSrInOrthancUnderItsStudy()
    {
        using var data = new TempDirectory("radcnn-reportnlp-run");
        using var pacs = new OrthancProcess();
        var report = ReportSetWriter.Generate(new CtpaReportGenerator(typoRate: 0), 40, 5150).First(r => r.Label == 1 && r.Subset == ReportSubsets.Plain);
        var version = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.PluginFolder, "plugin.json"))).RootElement.GetProperty("version").GetString()!;
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.reportnlp.pe", version, data.Path, pacs);
        var inbox = Path.Combine(data.Path, "reports");
        Directory.CreateDirectory(inbox);
        var staging = Path.Combine(data.Path, "report.hl7.part");
        await File.WriteAllTextAsync(staging, ReportSetWriter.ToHl7(report, 5150, DateTimeOffset.UtcNow));
        File.Move(staging, Path.Combine(inbox, "report.hl7"));

        await service.WaitForAsync(() => service.CommittedResults().Length >= 1);
        var result = Assert.Single(service.CommittedResults());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        var text = json.RootElement.ToString();
        Assert.Contains("succeeded", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("59282003", text, StringComparison.Ordinal);
        Assert.Contains(", positive,", text, StringComparison.Ordinal);
        var folder = Path.GetDirectoryName(result)!;
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "files"), "evidence.json"));
        var sr = DicomFile.Open(Assert.Single(Directory.GetFiles(Path.Combine(folder, "dicom"), "*.dcm"))).Dataset;
        Assert.Equal(report.StudyInstanceUid, sr.GetString(DicomTag.StudyInstanceUID));
        var srUid = sr.GetString(DicomTag.SOPInstanceUID);

        await service.WaitForAsync(() => pacs.SopInstanceUidsAsync().GetAwaiter().GetResult().Contains(srUid));
        // Orthanc's own index: exactly one study with the UID the report named.
        using var query = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["Level"] = "Study", ["Query"] = new Dictionary<string, string> { ["StudyInstanceUID"] = report.StudyInstanceUid } }));
        var studies = await pacs.Http.PostAsync("tools/find", query);
        var answer = await studies.Content.ReadAsStringAsync();
        Assert.True(studies.IsSuccessStatusCode, answer);
        Assert.Single(JsonSerializer.Deserialize<string[]>(answer)!);
        PluginTests.AssertNoReportText(report.Text, service.Log);
    }
}
