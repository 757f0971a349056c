using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Dicom;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.DicomWeb;

/// <summary>
/// A real DICOMweb peer: Orthanc with its DICOMweb plugin (Debian's orthanc-dicomweb) holds a study,
/// sends it to RadCnn by STOW-RS (with an operator's API key), and once RadCnn has processed it,
/// finds RadCnn's result by QIDO-RS and fetches it by WADO-RS into its own store.
/// </summary>
public sealed class OrthancDicomWebTests : IDisposable
{
    private const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
    // Orthanc's REST API wants its field names as written (Resources, Uri, Level), not camel-cased.
    private static readonly JsonSerializerOptions AsWritten = new();
    private readonly TempDirectory _dir = new("radcnn-web-orthanc");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Orthanc_sends_a_study_by_stow_rs_and_retrieves_the_result_by_wado_rs()
    {
        Assert.True(File.Exists(DicomWebPlugin), $"{DicomWebPlugin} is missing: apt-get install orthanc-dicomweb (.ci/run does this).");
        await using var web = await WebTestHost.StartAsync(_dir);
        using var orthanc = OrthancProcess.StartWith(config =>
        {
            config["Plugins"] = new JsonArray(DicomWebPlugin);
            config["DicomWeb"] = new JsonObject
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                ["Servers"] = new JsonObject
                {
                    ["radcnn"] = new JsonObject
                    {
                        ["Url"] = new Uri(web.BaseAddress, "/dicom-web/").ToString(),
                        ["HttpHeaders"] = new JsonObject { ["X-Api-Key"] = WebTestHost.OperatorKey },
                    },
                },
            };
        });

        var study = TestStudy.NewUid();
        var series = TestStudy.NewUid();
        string? orthancStudy = null;
        foreach (var file in TestStudy.WriteSeries(_dir.Combine("ct"), study, series, "CT", 3))
        {
            using var upload = await orthanc.Http.PostAsync("instances", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
            Assert.True(upload.IsSuccessStatusCode, orthanc.Log);
            orthancStudy = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ParentStudy").GetString();
        }

        // Orthanc -> RadCnn, STOW-RS.
        using var stow = await orthanc.Http.PostAsJsonAsync("dicom-web/servers/radcnn/stow", new { Resources = new[] { orthancStudy } }, AsWritten);
        Assert.True(stow.IsSuccessStatusCode, $"{(int)stow.StatusCode} {await stow.Content.ReadAsStringAsync()}\n{orthanc.Log}");
        var received = await web.Store.GetInstancesAsync(series);
        Assert.Equal(3, received.Count);
        Assert.All(received, i => Assert.Equal(("dicomweb", "pacs"), (i.Source, i.CallingAe)));

        await TestStudy.WaitForAsync(web.Store, s => s.Jobs.GetValueOrDefault("Done") == 1);
        var job = Assert.Single(await web.Store.GetJobsAsync(JobState.Done));
        var result = DicomFile.Open(Directory.EnumerateFiles(Path.Combine(job.OutputPath!, "dicom")).Single()).Dataset;
        var resultUid = result.GetString(DicomTag.SOPInstanceUID);
        Assert.DoesNotContain(resultUid, await orthanc.SopInstanceUidsAsync());

        // Orthanc finds the result by QIDO-RS...
        using var qido = await orthanc.Http.PostAsJsonAsync("dicom-web/servers/radcnn/qido",
            new { Uri = "/studies/" + study + "/series", Arguments = new Dictionary<string, string>() }, AsWritten);
        Assert.True(qido.IsSuccessStatusCode, $"{(int)qido.StatusCode} {await qido.Content.ReadAsStringAsync()}\n{orthanc.Log}");
        // Orthanc's client answers in its own format: {"0020000E": {"Name": ..., "Type": "String", "Value": "..."}}.
        var foundSeries = (await qido.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(s => s.GetProperty("0020000E").GetProperty("Value").GetString()).ToList();
        Assert.Equal([result.GetString(DicomTag.SeriesInstanceUID)], foundSeries);

        // ...with the search parameters viewers send: a wildcard, fuzzy matching, includefield and paging.
        using var fuzzy = await orthanc.Http.PostAsJsonAsync("dicom-web/servers/radcnn/qido", new
        {
            Uri = "/instances",
            Arguments = new Dictionary<string, string> { ["Modality"] = "O?", ["fuzzymatching"] = "true", ["includefield"] = "00080016,StudyInstanceUID", ["limit"] = "5", ["offset"] = "0" },
        }, AsWritten);
        Assert.True(fuzzy.IsSuccessStatusCode, $"{(int)fuzzy.StatusCode} {await fuzzy.Content.ReadAsStringAsync()}\n{orthanc.Log}");
        var foundInstance = Assert.Single((await fuzzy.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(resultUid, foundInstance.GetProperty("00080018").GetProperty("Value").GetString());
        Assert.Equal(study, foundInstance.GetProperty("0020000D").GetProperty("Value").GetString());

        // ...and fetches the study's results by WADO-RS into its own store.
        using var retrieve = await orthanc.Http.PostAsJsonAsync("dicom-web/servers/radcnn/retrieve", new { Resources = new[] { new { Study = study } } }, AsWritten);
        Assert.True(retrieve.IsSuccessStatusCode, $"{(int)retrieve.StatusCode} {await retrieve.Content.ReadAsStringAsync()}\n{orthanc.Log}");
        Assert.Contains(resultUid, await orthanc.SopInstanceUidsAsync());
        using var stored = await orthanc.Http.PostAsJsonAsync("tools/find", new { Level = "Instance", Query = new Dictionary<string, string> { ["SOPInstanceUID"] = resultUid } }, AsWritten);
        var id = (await stored.Content.ReadFromJsonAsync<string[]>())!.Single();
        var bytes = await orthanc.Http.GetByteArrayAsync($"instances/{id}/file");
        Assert.Equal(resultUid, DicomFile.Open(new MemoryStream(bytes)).Dataset.GetString(DicomTag.SOPInstanceUID));
    }
}
