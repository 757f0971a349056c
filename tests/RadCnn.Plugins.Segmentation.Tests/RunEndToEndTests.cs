using System.Net.Http.Json;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, an abdominal CT series
/// sent by DCMTK storescu, and the SEG, SR and key image forwarded (C-STORE) to a real Orthanc as the PACS:
/// in the CT's study, the SEG in a series of its own that references the CT series, so a viewer can
/// overlay it on the images it came from.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class RunEndToEndTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task An_abdominal_ct_sent_by_storescu_comes_back_as_a_seg_on_its_own_series_in_the_pacs()
    {
        using var data = new TempDirectory("radcnn-segmentation-run");
        using var pacs = new OrthancProcess();
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.segmentation", "1.10.0", data.Path, pacs, "--RadCnn:Assembly:QuietPeriodSeconds=2");
        var files = Directory.GetFiles(phantoms.CtFolder(0), "*.dcm").Order(StringComparer.Ordinal).ToArray();
        var first = DicomFile.Open(files[0]).Dataset;
        var study = first.GetString(DicomTag.StudyInstanceUID);
        var ctSeries = first.GetString(DicomTag.SeriesInstanceUID);

        service.SendWithStorescu(files);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 1);
        var result = Assert.Single(service.CommittedResults());
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(result)))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());

            // Provenance stamped by the host: the engine's device and the exact weights that ran.
            var engine = json.RootElement.GetProperty("engine");
            Assert.Equal("cpu", engine.GetProperty("device").GetString());
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.PluginFolder, "plugin.json")));
            var pinned = manifest.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("sha256").GetString()!);
            var stamped = engine.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("sha256").GetString()!);
            Assert.Equal(pinned, stamped);
        }

        var written = RadCnnServiceProcess.ResultDicomFiles(result)
            .Select(path => DicomFile.Open(path).Dataset)
            .ToList();
        var seg = Assert.Single(written, ds => ds.GetString(DicomTag.Modality) == "SEG");
        Assert.All(written, ds => Assert.Equal(study, ds.GetString(DicomTag.StudyInstanceUID)));
        Assert.NotEqual(ctSeries, seg.GetString(DicomTag.SeriesInstanceUID));
        var uids = written.Select(ds => ds.GetString(DicomTag.SOPInstanceUID)).ToHashSet(StringComparer.Ordinal);
        await service.WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()));

        // What the PACS holds, read back through its own API: the SEG under the CT's study, and the SEG's
        // references (as Orthanc parsed them) naming the CT series the service received.
        // Orthanc's keys are PascalCase; the web defaults of PostAsJsonAsync would camel-case them.
        var found = await pacs.Http.PostAsJsonAsync("tools/find", new { Level = "Series", Query = new { StudyInstanceUID = study, Modality = "SEG" } }, new JsonSerializerOptions());
        found.EnsureSuccessStatusCode();
        var seriesId = Assert.Single((await found.Content.ReadFromJsonAsync<string[]>())!);
        var segSeries = await pacs.Http.GetFromJsonAsync<JsonElement>($"series/{seriesId}");
        var instanceId = Assert.Single(segSeries.GetProperty("Instances").EnumerateArray().Select(i => i.GetString()!).ToList());
        var tags = await pacs.Http.GetFromJsonAsync<JsonElement>($"instances/{instanceId}/simplified-tags");
        Assert.Equal("1.2.840.10008.5.1.4.1.1.66.4", tags.GetProperty("SOPClassUID").GetString());
        var referenced = tags.GetProperty("ReferencedSeriesSequence").EnumerateArray().Single();
        Assert.Equal(ctSeries, referenced.GetProperty("SeriesInstanceUID").GetString());
        Assert.Equal(files.Length, referenced.GetProperty("ReferencedInstanceSequence").GetArrayLength());
    }
}
