using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.DicomWeb;

/// <summary>
/// STOW-RS with curl into the durable ingest: good parts are stored and processed, a malformed part,
/// an instance of a non-storage SOP class and one of another study are listed in FailedSOPSequence
/// with their reasons and leave nothing behind; then QIDO-RS finds the result and WADO-RS returns it
/// byte for byte, with its metadata.
/// </summary>
public sealed class StowQidoWadoCurlTests : IDisposable
{
    private const string Boundary = "radcnn-test-boundary-7f3a";
    private readonly TempDirectory _dir = new("radcnn-web-stow");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Curl_stores_good_parts_refuses_bad_ones_with_reasons_and_the_result_is_found_and_fetched_by_dicomweb()
    {
        await using var web = await WebTestHost.StartAsync(_dir);
        var study = TestStudy.NewUid();
        var series = TestStudy.NewUid();
        var good = TestStudy.WriteSeries(_dir.Combine("ct"), study, series, "CT", 2);
        var otherStudy = TestStudy.WriteSeries(_dir.Combine("other"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1);
        var verification = _dir.Combine("verification.dcm");
        var notStorage = TestStudy.Build(study, series, TestStudy.NewUid(), "CT", 9, "CHEST", "x", 16);
        notStorage.Dataset.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.1.1");
        notStorage.Save(verification);
        var notStorageUid = notStorage.Dataset.GetString(DicomTag.SOPInstanceUID);

        // Only malformed: nothing stored, 409.
        var onlyBad = await CurlStowAsync(web, $"/dicom-web/studies/{study}", [("application/dicom", Encoding.ASCII.GetBytes("this is not a DICOM file at all"))]);
        Assert.Equal(409, onlyBad.Status);
        Assert.Equal(0xC000, Assert.Single(Items(onlyBad.Json, "00081198")).GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Equal(0, (await web.Store.GetStatusAsync()).Instances);

        // Two good instances, a malformed part, a non-storage SOP class and an instance of another study.
        var mixed = await CurlStowAsync(web, $"/dicom-web/studies/{study}",
        [
            ("application/dicom", File.ReadAllBytes(good[0])),
            ("application/dicom", File.ReadAllBytes(good[0])[..200]),
            ("application/dicom", File.ReadAllBytes(verification)),
            ("application/dicom", File.ReadAllBytes(otherStudy[0])),
            ("application/dicom", File.ReadAllBytes(good[1])),
        ]);
        Assert.Equal(202, mixed.Status);
        var stored = Items(mixed.Json, "00081199").Select(i => i.GetProperty("00081155").GetProperty("Value")[0].GetString()!).ToHashSet();
        Assert.Equal(good.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID)).ToHashSet(), stored);
        var failures = Items(mixed.Json, "00081198").Select(i => i.GetProperty("00081197").GetProperty("Value")[0].GetInt32()).Order().ToList();
        Assert.Equal([0x0122, 0xA900, 0xC000], failures);
        Assert.Contains(Items(mixed.Json, "00081198"), i => i.TryGetProperty("00081155", out var uid) && uid.TryGetProperty("Value", out var v) && v[0].GetString() == notStorageUid);

        // Stored means durable and in the store; nothing of the refused parts is left in the spool.
        var instances = await web.Store.GetInstancesAsync(series);
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal("dicomweb", i.Source));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(web.Paths.Spool, "incoming")));
        Assert.Equal(2, (await web.Store.GetStatusAsync()).Instances);

        // The series is processed; the test plugin's secondary capture is in the outbox and served by QIDO-RS and WADO-RS.
        await TestStudy.WaitForAsync(web.Store, s => s.Jobs.GetValueOrDefault("Done") == 1);
        var job = Assert.Single(await web.Store.GetJobsAsync(JobState.Done));
        var resultFile = Directory.EnumerateFiles(Path.Combine(job.OutputPath!, "dicom")).Single();
        var result = DicomFile.Open(resultFile).Dataset;
        using var client = web.Client(WebTestHost.ViewerKey);
        var studies = JsonDocument.Parse(await client.GetStringAsync($"/dicom-web/studies?StudyInstanceUID={study}")).RootElement;
        var found = Assert.Single(studies.EnumerateArray());
        Assert.Equal("OT", found.GetProperty("00080061").GetProperty("Value")[0].GetString());
        Assert.Equal("1", found.GetProperty("00201208").GetProperty("Value")[0].ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync($"/dicom-web/studies?StudyInstanceUID={TestStudy.NewUid()}")).StatusCode);
        var seriesUid = result.GetString(DicomTag.SeriesInstanceUID);
        var sopUid = result.GetString(DicomTag.SOPInstanceUID);
        var instancesFound = JsonDocument.Parse(await client.GetStringAsync($"/dicom-web/studies/{study}/series/{seriesUid}/instances")).RootElement;
        Assert.Equal(sopUid, Assert.Single(instancesFound.EnumerateArray()).GetProperty("00080018").GetProperty("Value")[0].GetString());

        var retrieved = Peers.Run(Peers.Require("curl", "curl"), ["-sS", "-H", $"X-Api-Key: {WebTestHost.ViewerKey}", "-H", "Accept: multipart/related; type=\"application/dicom\"",
            "-D", _dir.Combine("headers.txt"), "-o", _dir.Combine("retrieved.bin"), new Uri(web.BaseAddress, $"/dicom-web/studies/{study}/series/{seriesUid}/instances/{sopUid}").ToString()]);
        Assert.True(retrieved.ExitCode == 0, retrieved.Combined);
        var contentType = File.ReadAllLines(_dir.Combine("headers.txt")).Single(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        var boundary = contentType.Split("boundary=")[1].Trim();
        var parts = Multipart.Split(File.ReadAllBytes(_dir.Combine("retrieved.bin")), boundary);
        Assert.Equal(File.ReadAllBytes(resultFile), Assert.Single(parts));

        var metadata = JsonDocument.Parse(await client.GetStringAsync($"/dicom-web/studies/{study}/series/{seriesUid}/metadata")).RootElement;
        Assert.Equal(sopUid, Assert.Single(metadata.EnumerateArray()).GetProperty("00080018").GetProperty("Value")[0].GetString());
    }

    private static IEnumerable<JsonElement> Items(JsonElement response, string tag) =>
        response.TryGetProperty(tag, out var sequence) && sequence.TryGetProperty("Value", out var items) ? items.EnumerateArray() : [];

    /// <summary>POSTs the parts with curl as multipart/related; type="application/dicom" and returns the status and the DICOM JSON answer.</summary>
    private async Task<(int Status, JsonElement Json)> CurlStowAsync(WebTestHost web, string path, IReadOnlyList<(string Type, byte[] Content)> parts)
    {
        var body = new MemoryStream();
        foreach (var (type, content) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: {type}\r\n\r\n"));
            body.Write(content);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        var bodyFile = _dir.Combine($"stow-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(bodyFile, body.ToArray());
        var answer = _dir.Combine("answer.json");
        var curl = Peers.Run(Peers.Require("curl", "curl"),
        [
            "-sS", "-o", answer, "-w", "%{http_code}", "-X", "POST", "-H", $"Authorization: ApiKey {WebTestHost.OperatorKey}",
            "-H", $"Content-Type: multipart/related; type=\"application/dicom\"; boundary={Boundary}", "-H", "Accept: application/dicom+json",
            "--data-binary", "@" + bodyFile, new Uri(web.BaseAddress, path).ToString(),
        ]);
        Assert.True(curl.ExitCode == 0, curl.Combined);
        return (int.Parse(curl.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(await File.ReadAllBytesAsync(answer)).RootElement);
    }
}
