using System.Net.Http.Json;
using System.Text.Json;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Sender;

/// <summary>The sender against DCMTK's storescp and a real Orthanc, and Orthanc sending to the listener.</summary>
public sealed class DicomSenderInteropTests : IClassFixture<OrthancProcess>
{
    private readonly OrthancProcess _orthanc;

    public DicomSenderInteropTests(OrthancProcess orthanc)
    {
        _orthanc = orthanc;
    }

    [Fact]
    public async Task Sends_pydicom_files_to_storescp_with_values_unchanged()
    {
        var files = TestFiles.PydicomUncompressed().Where(f => f.TransferSyntax is "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1").ToList();
        var compressed = new[] { "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg_gdcm.dcm" }.Select(n => Path.Combine(Peers.PydicomTestFiles, n));
        var paths = files.Select(f => f.Path).Concat(compressed).ToList();
        using var output = new TempDirectory("radcnn-storescp");
        using var storescp = new StorescpProcess(output.Path, "STORESCP", "+xa");

        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = storescp.Port, CalledAeTitle = "STORESCP", MaxPduLength = 16384 });

        // One association per file: storescp names its files by arrival time to the millisecond (-tn, the
        // only naming that keeps files of the same SOP Instance UID apart), and two instances of one fast
        // association can arrive within the same millisecond, the second overwriting the first. Each file
        // sent is paired with the one file that appears after it: the names' order is the wall clock's,
        // which a loaded VM has been seen to break (two pydicom files sharing a UID paired crosswise).
        var received = new List<string>();
        foreach (var path in paths)
        {
            var results = await sender.StoreAsync([path]);
            Assert.All(results, r => Assert.True(r.Succeeded, $"{r.File}: {r.Status} {r.Error}"));
            received.Add(await NextStoredFileAsync(storescp, received, path));
        }

        var pairs = paths.Zip(received).ToList();
        // storescp re-encodes sequences to defined length even in bit-preserving mode, so it is no
        // byte reference: pydicom compares values here; the listener test below compares bytes.
        TestFiles.AssertSameDataSetsInPydicom(pairs.Select(p => (p.First, p.Second)));
    }

    [Fact]
    public async Task Sends_pydicom_files_to_the_listener_byte_identical_in_their_own_syntax()
    {
        var paths = TestFiles.PydicomUncompressed().Select(f => f.Path)
            .Concat(new[] { "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg_gdcm.dcm", "image_dfl.dcm" }.Select(n => Path.Combine(Peers.PydicomTestFiles, n)))
            .Distinct()
            .ToList();
        await using var listener = await RunningListener.StartAsync(o => o.MaxPduLength = 16384, dir => new SequenceStorageHandler(dir));
        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = listener.Port, CalledAeTitle = "RADCNN" });

        var results = await sender.StoreAsync(paths);

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.File}: {r.Status} {r.Error}"));
        var stored = listener.StoredFiles().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(paths.Count, stored.Count);
        foreach (var (original, copy) in paths.Zip(stored))
        {
            var a = File.ReadAllBytes(original);
            var b = File.ReadAllBytes(copy);
            Assert.Equal(TestFiles.SopInstanceUidOf(a), TestFiles.SopInstanceUidOf(b));
            Assert.Equal(TestFiles.TransferSyntaxOf(a), TestFiles.TransferSyntaxOf(b));
            Assert.True(TestFiles.DataSetBytes(a).SequenceEqual(TestFiles.DataSetBytes(b)), original);
        }
    }

    [Fact]
    public async Task Re_encodes_explicit_files_for_a_peer_that_accepts_only_implicit_vr()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 2, rows: 64);
        using var output = new TempDirectory("radcnn-storescp");
        using var storescp = new StorescpProcess(output.Path, "STORESCP", "+xi");

        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = storescp.Port, CalledAeTitle = "STORESCP" });
        var results = await sender.StoreAsync(Directory.GetFiles(series.Path).Order());

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.File}: {r.Status} {r.Error}"));
        await WaitForFilesAsync(storescp, 2);
        var stored = storescp.StoredFiles();
        Assert.All(stored, f => Assert.Equal("1.2.840.10008.1.2", TestFiles.TransferSyntaxOf(File.ReadAllBytes(f))));
        var check = Peers.RunPython("""
import sys, pydicom
a, b = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])
sys.exit(0 if a == b else 1)
""", Directory.GetFiles(series.Path).Order().First(), stored[0]);
        Assert.True(check.ExitCode == 0, check.Combined);
    }

    [Fact]
    public async Task Echo_and_store_into_orthanc_show_up_in_its_rest_api()
    {
        await _orthanc.DeleteAllAsync();
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 5, rows: 128);
        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = _orthanc.DicomPort, CalledAeTitle = "ORTHANC" });

        Assert.Equal(0, await sender.EchoAsync());
        var results = await sender.StoreAsync(Directory.GetFiles(series.Path));

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.File}: {r.Status} {r.Error}"));
        var expected = results.Select(r => r.SopInstanceUid!).ToHashSet();
        Assert.Superset(expected, await _orthanc.SopInstanceUidsAsync());
        Assert.Equal(expected, await _orthanc.SopInstanceUidsAsync());
    }

    [Fact]
    public async Task Wrong_called_ae_is_reported_as_a_rejected_association()
    {
        var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = _orthanc.DicomPort, CalledAeTitle = "NOT-ORTHANC" });
        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => sender.EchoAsync());
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orthanc_stores_into_the_listener_through_its_rest_api()
    {
        await _orthanc.DeleteAllAsync();
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 3, rows: 128);
        var ids = new List<string>();
        foreach (var file in Directory.GetFiles(series.Path))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            var response = await _orthanc.Http.PostAsync("instances", content);
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ID").GetString()!);
        }

        await using var listener = await RunningListener.StartAsync(o => o.AllowedCallers.Add(new("ORTHANC")));
        // StringContent, not JsonContent: Orthanc's HTTP server refuses chunked request bodies.
        using var modality = Json(new { AET = "RADCNN", Host = "127.0.0.1", Port = listener.Port });
        (await _orthanc.Http.PutAsync("modalities/radcnn", modality)).EnsureSuccessStatusCode();

        using var echo = Json(new { });
        Assert.True((await _orthanc.Http.PostAsync("modalities/radcnn/echo", echo)).IsSuccessStatusCode);
        using var store = Json(new { Resources = ids, Synchronous = true });
        var stored = await _orthanc.Http.PostAsync("modalities/radcnn/store", store);
        Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());

        var received = listener.StoredFiles().Select(f => TestFiles.SopInstanceUidOf(File.ReadAllBytes(f))).ToHashSet();
        var sent = Directory.GetFiles(series.Path).Select(f => TestFiles.SopInstanceUidOf(File.ReadAllBytes(f))).ToHashSet();
        Assert.Equal(sent, received);
        var check = Peers.RunPython("""
import sys, os, pydicom
src = {pydicom.dcmread(os.path.join(sys.argv[1], f)).SOPInstanceUID: pydicom.dcmread(os.path.join(sys.argv[1], f)) for f in os.listdir(sys.argv[1])}
for f in os.listdir(sys.argv[2]):
    ds = pydicom.dcmread(os.path.join(sys.argv[2], f))
    assert ds.PixelData == src[ds.SOPInstanceUID].PixelData, f
""", series.Path, listener.OutputDirectory);
        Assert.True(check.ExitCode == 0, check.Combined);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    // The one file storescp stored since those already paired (polled: it may appear just after the response).
    private static async Task<string> NextStoredFileAsync(StorescpProcess storescp, IReadOnlyCollection<string> paired, string sent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] fresh;
        while ((fresh = storescp.StoredFiles().Except(paired).ToArray()).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(fresh.Length == 1, $"after {Path.GetFileName(sent)} storescp holds {fresh.Length} new files: {string.Join(", ", fresh.Select(Path.GetFileName))}");
        return fresh[0];
    }

    private static async Task WaitForFilesAsync(StorescpProcess storescp, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (storescp.StoredFiles().Length < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, storescp.StoredFiles().Length);
    }
}
