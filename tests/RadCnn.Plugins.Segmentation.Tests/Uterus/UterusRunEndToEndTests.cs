using System.Net.Http.Json;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The MR path as a hospital runs it: `radcnn run` with the plugin's built folder, a held-out pelvic MR
/// series (one with a tumour) sent by DCMTK storescu, and the SEG, SR and key image forwarded (C-STORE)
/// to a real Orthanc: all three in the MR's study, each in a series of its own, the SEG referencing
/// every MR instance of the series it came from and carrying both segments.
/// </summary>
[Collection(PelvisPhantomCollection.Name)]
public sealed class UterusRunEndToEndTests(PelvisPhantomFixture phantoms)
{
    [Fact]
    public async Task A_pelvic_mr_sent_by_storescu_comes_back_as_seg_sr_and_key_image_in_its_study_in_the_pacs()
    {
        var generator = new PelvisMrGenerator();
        var index = Enumerable.Range(0, PelvisPhantomFixture.Count).First(i => generator.Generate(PelvisPhantomFixture.Seed, i).Tumour is not null);
        using var data = new TempDirectory("radcnn-uterus-run");
        using var pacs = new OrthancProcess();
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.segmentation", "1.10.0", data.Path, pacs, "--RadCnn:Assembly:QuietPeriodSeconds=2");
        var files = Directory.GetFiles(phantoms.MrFolder(index), "*.dcm").Order(StringComparer.Ordinal).ToArray();
        var first = DicomFile.Open(files[0]).Dataset;
        Assert.Equal("MR", first.GetString(DicomTag.Modality));
        var study = first.GetString(DicomTag.StudyInstanceUID);
        var mrSeries = first.GetString(DicomTag.SeriesInstanceUID);

        service.SendWithStorescu(files);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 1);
        var result = Assert.Single(service.CommittedResults());
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(result)))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());

            // The host stamps the plugin's weights exactly as plugin.json pins them, the uterus and tumour networks among them.
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.PluginFolder, "plugin.json")));
            var pinned = manifest.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("sha256").GetString()!);
            var stamped = json.RootElement.GetProperty("engine").GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("sha256").GetString()!);
            Assert.Equal(pinned, stamped);
            Assert.Contains(SegmentationPlugin.UterusModelName, stamped.Keys);
            Assert.Contains(SegmentationPlugin.TumourModelName, stamped.Keys);
        }

        var written = RadCnnServiceProcess.ResultDicomFiles(result).Select(path => DicomFile.Open(path).Dataset).ToList();
        Assert.Equal(["OT", "SEG", "SR"], written.Select(ds => ds.GetString(DicomTag.Modality)).Order(StringComparer.Ordinal).ToList());
        Assert.All(written, ds => Assert.Equal(study, ds.GetString(DicomTag.StudyInstanceUID)));
        Assert.All(written, ds => Assert.NotEqual(mrSeries, ds.GetString(DicomTag.SeriesInstanceUID)));
        var uids = written.Select(ds => ds.GetString(DicomTag.SOPInstanceUID)).ToHashSet(StringComparer.Ordinal);
        await service.WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()));

        // What Orthanc holds under the MR's study, read back through its own API (PascalCase keys).
        var options = new JsonSerializerOptions();
        // Segmentation Storage, Comprehensive (or Comprehensive 3D) SR, Secondary Capture.
        var expectedClasses = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["SEG"] = ["1.2.840.10008.5.1.4.1.1.66.4"],
            ["SR"] = ["1.2.840.10008.5.1.4.1.1.88.33", "1.2.840.10008.5.1.4.1.1.88.34"],
            ["OT"] = ["1.2.840.10008.5.1.4.1.1.7"],
        };
        foreach (var (modality, classes) in expectedClasses)
        {
            var sent = written.Single(ds => ds.GetString(DicomTag.Modality) == modality);
            var found = await pacs.Http.PostAsJsonAsync("tools/find", new { Level = "Series", Query = new { StudyInstanceUID = study, Modality = modality } }, options);
            found.EnsureSuccessStatusCode();
            var seriesId = Assert.Single((await found.Content.ReadFromJsonAsync<string[]>())!);
            var series = await pacs.Http.GetFromJsonAsync<JsonElement>($"series/{seriesId}");
            var instanceId = Assert.Single(series.GetProperty("Instances").EnumerateArray().Select(i => i.GetString()!).ToList());
            var tags = await pacs.Http.GetFromJsonAsync<JsonElement>($"instances/{instanceId}/simplified-tags");
            Assert.Equal(sent.GetString(DicomTag.SOPInstanceUID), tags.GetProperty("SOPInstanceUID").GetString());
            Assert.Contains(tags.GetProperty("SOPClassUID").GetString(), classes);
            if (modality == "SEG")
            {
                var referenced = tags.GetProperty("ReferencedSeriesSequence").EnumerateArray().Single();
                Assert.Equal(mrSeries, referenced.GetProperty("SeriesInstanceUID").GetString());
                Assert.Equal(files.Length, referenced.GetProperty("ReferencedInstanceSequence").GetArrayLength());
                var segments = tags.GetProperty("SegmentSequence").EnumerateArray().Select(s => s.GetProperty("SegmentLabel").GetString()).ToList();
                Assert.Equal(["Uterus", "Uterine tumour"], segments);
            }
        }
    }
}
