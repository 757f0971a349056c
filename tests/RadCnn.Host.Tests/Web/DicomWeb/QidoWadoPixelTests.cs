using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;
using SkiaSharp;

namespace RadCnn.Host.Tests.Web.DicomWeb;

/// <summary>
/// QIDO-RS matching beyond UIDs (wildcards, fuzzy person names, includefield, limit and offset) and
/// WADO-RS pixel data (frames as octet-stream parts byte for byte, rendered PNG and JPEG with a
/// window) over two results of a plugin with known pixels, fetched with curl; malformed requests get
/// 400, unknown instances and frames 404, media types RadCnn cannot give 406; and the patient name a
/// search carries in its URL is in no log line.
/// </summary>
public sealed class QidoWadoPixelTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-web-pixels");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Searches_match_names_and_include_fields_frames_and_rendered_pictures_come_back_and_bad_requests_are_refused()
    {
        await using var web = await WebTestHost.StartAsync(_dir, gateway: new PixelResultGateway());
        var study = TestStudy.NewUid();
        TestStudy.WriteSeries(Path.Combine(web.Paths.Inbox, "a"), study, TestStudy.NewUid(), "CT", 1);
        TestStudy.WriteSeries(Path.Combine(web.Paths.Inbox, "b"), study, TestStudy.NewUid(), "CT", 1);
        await TestStudy.WaitForAsync(web.Store, s => s.Jobs.GetValueOrDefault("Done") == 2);
        using var client = web.Client(WebTestHost.ViewerKey);

        // Person names: exact and wildcards are case-sensitive; fuzzy matching ignores case and matches any name component's start.
        Assert.Equal(1, await CountAsync(client, "/dicom-web/studies?PatientName=SENTINELNAME*"));
        Assert.Equal(1, await CountAsync(client, "/dicom-web/studies?PatientName=SENTINELNAME%5EJOSEPHIN%3F"));
        Assert.Equal(0, await CountAsync(client, "/dicom-web/studies?PatientName=sentinelname*"));
        Assert.Equal(1, await CountAsync(client, "/dicom-web/studies?PatientName=sentinel&fuzzymatching=true"));
        Assert.Equal(1, await CountAsync(client, "/dicom-web/studies?PatientName=joseph&fuzzymatching=true"));
        Assert.Equal(0, await CountAsync(client, "/dicom-web/studies?PatientName=someone&fuzzymatching=true"));
        Assert.Equal(2, await CountAsync(client, "/dicom-web/series?SeriesDescription=RadCnn*&StudyDate=20261101-20261231"));
        Assert.Equal(0, await CountAsync(client, "/dicom-web/series?StudyDate=20270101-"));

        // includefield: a tag, a keyword, all; a matched attribute comes back too.
        var series = await SearchAsync(client, "/dicom-web/series?includefield=00080020&includefield=StudyDescription");
        Assert.All(series, s => Assert.Equal("20261201", s.GetProperty("00080020").GetProperty("Value")[0].GetString()));
        Assert.All(series, s => Assert.Equal("CHEST CT", s.GetProperty("00081030").GetProperty("Value")[0].GetString()));
        Assert.All(await SearchAsync(client, "/dicom-web/series"), s => Assert.False(s.TryGetProperty("00080020", out _)));
        Assert.All(await SearchAsync(client, "/dicom-web/series?SeriesDescription=RadCnn*"), s => Assert.True(s.TryGetProperty("0008103E", out _)));
        var everything = await SearchAsync(client, "/dicom-web/instances?includefield=all");
        Assert.All(everything, i => Assert.Equal("MONOCHROME2", i.GetProperty("00280004").GetProperty("Value")[0].GetString()));
        Assert.All(await SearchAsync(client, "/dicom-web/instances"), i => Assert.False(i.TryGetProperty("00280004", out _)));

        // limit and offset page through the two instances.
        var all = (await SearchAsync(client, "/dicom-web/instances")).Select(Sop).ToList();
        Assert.Equal(2, all.Distinct().Count());
        Assert.Equal([all[0]], (await SearchAsync(client, "/dicom-web/instances?limit=1")).Select(Sop));
        Assert.Equal([all[1]], (await SearchAsync(client, "/dicom-web/instances?limit=1&offset=1")).Select(Sop));
        Assert.Equal(0, await CountAsync(client, "/dicom-web/instances?offset=2"));

        // Malformed searches: 400 with the reason; a media type QIDO-RS does not answer: 406.
        foreach (var bad in new[] { "limit=abc", "limit=0", "offset=-1", "fuzzymatching=maybe", "includefield=NoSuchKeyword", "NoSuchAttribute=1", "PatientName=a&PatientName=b" })
        {
            using var response = await client.GetAsync("/dicom-web/studies?" + bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad} answered {(int)response.StatusCode}");
        }

        using (var xml = new HttpRequestMessage(HttpMethod.Get, "/dicom-web/studies"))
        {
            xml.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+xml"));
            Assert.Equal(HttpStatusCode.NotAcceptable, (await client.SendAsync(xml)).StatusCode);
        }

        // WADO-RS frames with curl: each frame's native little-endian pixels, in the order asked for.
        var instance = everything.First();
        var path = $"/dicom-web/studies/{study}/series/{instance.GetProperty("0020000E").GetProperty("Value")[0].GetString()}/instances/{Sop(instance)}";
        var (status, type, body) = Curl(web, path + "/frames/2,1", "multipart/related; type=\"application/octet-stream\"");
        Assert.Equal(200, status);
        Assert.StartsWith("multipart/related", type, StringComparison.Ordinal);
        var parts = Multipart.Split(body, type.Split("boundary=")[1].Trim());
        Assert.Equal(2, parts.Count);
        Assert.Equal(Bytes(PixelResultGateway.Frame(2)), parts[0]);
        Assert.Equal(Bytes(PixelResultGateway.Frame(1)), parts[1]);
        Assert.Contains("transfer-syntax=1.2.840.10008.1.2.1", System.Text.Encoding.ASCII.GetString(body), StringComparison.Ordinal);

        // Rendered: PNG by default, the frame's pixels through the window (rising in frame 1, falling in frame 2).
        var (pngStatus, pngType, png) = Curl(web, path + "/rendered?window=550,1100", "image/png");
        Assert.Equal((200, "image/png"), (pngStatus, pngType));
        using (var picture = SKBitmap.Decode(png))
        {
            Assert.Equal((PixelResultGateway.Columns, PixelResultGateway.Rows), (picture.Width, picture.Height));
            Assert.True(picture.GetPixel(0, 0).Red < 10 && picture.GetPixel(2, 3).Red > 245, $"{picture.GetPixel(0, 0)} {picture.GetPixel(2, 3)}");
            Assert.True(picture.GetPixel(1, 1).Red > picture.GetPixel(0, 1).Red);
        }

        var (_, _, secondFrame) = Curl(web, path + "/frames/2/rendered?window=550,1100", "image/png");
        using (var picture = SKBitmap.Decode(secondFrame))
        {
            Assert.True(picture.GetPixel(0, 0).Red > 245 && picture.GetPixel(2, 3).Red < 10);
        }

        var (jpegStatus, jpegType, jpeg) = Curl(web, path + "/rendered?quality=80", "image/jpeg");
        Assert.Equal((200, "image/jpeg"), (jpegStatus, jpegType));
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        using (var picture = SKBitmap.Decode(jpeg))
        {
            Assert.Equal(PixelResultGateway.Columns, picture.Width);
        }

        // Malformed: 400; unknown instance or frame: 404; a type that cannot be given: 406.
        var unknown = $"/dicom-web/studies/{study}/series/{TestStudy.NewUid()}/instances/{TestStudy.NewUid()}";
        foreach (var (request, accept, expected) in new[]
        {
            (path + "/frames/0", "*/*", 400), (path + "/frames/1,x", "*/*", 400), (path + "/frames/3", "*/*", 404), (unknown + "/frames/1", "*/*", 404),
            (path + "/frames/1", "image/jpeg", 406),
            (path + "/rendered?window=abc", "image/png", 400), (path + "/rendered?window=10,0", "image/png", 400), (path + "/rendered?quality=0", "image/jpeg", 400),
            (path + "/rendered?viewport=64,64", "image/png", 400), (path + "/frames/x/rendered", "image/png", 400),
            (path + "/frames/9/rendered", "image/png", 404), (unknown + "/rendered", "image/png", 404), (path + "/rendered", "application/pdf", 406),
        })
        {
            Assert.True(Curl(web, request, accept).Status == expected, $"{request} ({accept}) did not answer {expected}");
        }

        // The patient name the searches carried in their URLs is in no log line.
        var logText = string.Join('\n', web.Logs.Lines);
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, logText, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("sentinel", logText, StringComparison.OrdinalIgnoreCase);
    }

    private static string Sop(JsonElement instance) => instance.GetProperty("00080018").GetProperty("Value")[0].GetString()!;

    private static byte[] Bytes(ushort[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode == HttpStatusCode.NoContent ? [] : [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    private static async Task<int> CountAsync(HttpClient client, string url) => (await SearchAsync(client, url)).Count;

    private (int Status, string Type, byte[] Body) Curl(WebTestHost web, string path, string accept)
    {
        var output = _dir.Combine($"curl-{Guid.NewGuid():N}.bin");
        var headers = _dir.Combine($"curl-{Guid.NewGuid():N}.txt");
        var curl = Peers.Run(Peers.Require("curl", "curl"), ["-sS", "-H", $"X-Api-Key: {WebTestHost.ViewerKey}", "-H", $"Accept: {accept}",
            "-D", headers, "-o", output, "-w", "%{http_code}", new Uri(web.BaseAddress, path).ToString()]);
        Assert.True(curl.ExitCode == 0, curl.Combined);
        var type = File.ReadAllLines(headers).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim() ?? "";
        return (int.Parse(curl.StandardOutput.Trim(), CultureInfo.InvariantCulture), type, File.Exists(output) ? File.ReadAllBytes(output) : []);
    }
}
