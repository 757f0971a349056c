using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>DCMTK's echoscu and storescu talking to the real listener.</summary>
public sealed class DicomListenerInteropTests
{
    [Fact]
    public async Task Echoscu_gets_success()
    {
        await using var listener = await RunningListener.StartAsync();
        var result = Dcmtk.Echo(listener.Port);
        Assert.True(result.ExitCode == 0, result.Combined);
    }

    [Fact]
    public async Task Storescu_stores_every_uncompressed_pydicom_test_file_with_an_identical_data_set()
    {
        var files = TestFiles.PydicomUncompressed();
        Assert.True(files.Count >= 15, $"only {files.Count} usable pydicom test files");
        // A small PDU so that most data sets arrive in many fragments.
        await using var listener = await RunningListener.StartAsync(o => o.MaxPduLength = 16384, dir => new SequenceStorageHandler(dir));

        // -R: propose exactly the SOP classes of the files (storescu's default list lacks some, such as Segmentation).
        var result = Dcmtk.Store(listener.Port, files.Select(f => f.Path), extra: ["-R"]);
        Assert.True(result.ExitCode == 0, result.Combined);

        var stored = listener.StoredFiles().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files.Count, stored.Count);

        // storescu re-encodes what it reads, so the reference for "byte-identical" is what it put on
        // the wire: the same files sent to DCMTK's own storescp in bit-preserving mode.
        using var reference = new TempDirectory("radcnn-storescp");
        using (var storescp = new StorescpProcess(reference.Path, "RADCNN"))
        {
            var sent = Dcmtk.Store(storescp.Port, files.Select(f => f.Path), extra: ["-R"]);
            Assert.True(sent.ExitCode == 0, sent.Combined);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (storescp.StoredFiles().Length < files.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        var expected = TestFiles.MatchStorescpFiles(stored, Directory.GetFiles(reference.Path));
        Assert.Equal(files.Count, expected.Count);
        var failures = new List<string>();
        var compared = 0;
        foreach (var ((path, uid, _), (copy, fromStorescp)) in files.Zip(stored.Zip(expected)))
        {
            var received = File.ReadAllBytes(copy);
            var wanted = File.ReadAllBytes(fromStorescp);
            if (TestFiles.SopInstanceUidOf(received) != uid)
            {
                failures.Add($"{Path.GetFileName(path)}: stored under another UID");
            }
            else if (TestFiles.TransferSyntaxOf(received) == TestFiles.TransferSyntaxOf(wanted))
            {
                // Where the two SCPs negotiated differently (storescu proposes one context per file syntax), pydicom below compares.
                compared++;
                if (!TestFiles.DataSetBytes(wanted).SequenceEqual(TestFiles.DataSetBytes(received)))
                {
                    failures.Add($"{Path.GetFileName(path)}: data set bytes differ from what storescp received");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compared >= files.Count - 4, $"only {compared} of {files.Count} compared byte for byte");

        // Every stored file reads back equal to its original in pydicom.
        TestFiles.AssertSameDataSetsInPydicom(files.Zip(stored).Select(p => (p.First.Path, p.Second)));
        Assert.Empty(await listener.PartialFilesOnceIdleAsync());
    }

    [Fact]
    public async Task Storescu_stores_a_300_slice_ct_series_byte_identical()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 300);
        await using var listener = await RunningListener.StartAsync();

        var result = Dcmtk.Store(listener.Port, [series.Path], extra: ["+sd"]);
        Assert.True(result.ExitCode == 0, result.Combined);

        var stored = listener.StoredFiles().ToDictionary(f => TestFiles.SopInstanceUidOf(File.ReadAllBytes(f)));
        Assert.Equal(300, stored.Count);
        foreach (var path in Directory.GetFiles(series.Path))
        {
            var original = File.ReadAllBytes(path);
            var received = File.ReadAllBytes(stored[TestFiles.SopInstanceUidOf(original)]);
            Assert.True(TestFiles.DataSetBytes(original).SequenceEqual(TestFiles.DataSetBytes(received)), path);
        }

        Assert.Empty(await listener.PartialFilesOnceIdleAsync());
    }

    [Fact]
    public async Task Dcmdump_reads_a_stored_file_and_its_meta_names_the_sender()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 1, rows: 64);
        await using var listener = await RunningListener.StartAsync();
        var result = Dcmtk.Store(listener.Port, Directory.GetFiles(series.Path), callingAe: "MODALITY1");
        Assert.True(result.ExitCode == 0, result.Combined);

        var dump = Peers.Run(Peers.Require("dcmdump", "dcmtk"), ["-M", listener.StoredFiles().Single()]);
        Assert.True(dump.ExitCode == 0, dump.Combined);
        Assert.Contains("(0002,0016) AE [MODALITY1]", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(0002,0013) SH [RADCNN_010]", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(0002,0010) UI =LittleEndianExplicit", dump.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_calling_ae_is_rejected_and_known_one_accepted()
    {
        await using var listener = await RunningListener.StartAsync(o => o.AllowedCallers.Add(new("KNOWN")));

        var unknown = Dcmtk.Echo(listener.Port, callingAe: "STRANGER");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", unknown.Combined, StringComparison.OrdinalIgnoreCase);

        var wrongCalled = Dcmtk.Echo(listener.Port, calledAe: "OTHER", callingAe: "KNOWN");
        Assert.NotEqual(0, wrongCalled.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", wrongCalled.Combined, StringComparison.OrdinalIgnoreCase);

        var known = Dcmtk.Echo(listener.Port, callingAe: "KNOWN");
        Assert.True(known.ExitCode == 0, known.Combined);
    }

    [Fact]
    public async Task Caller_bound_to_another_ip_is_rejected()
    {
        await using var listener = await RunningListener.StartAsync(o => o.AllowedCallers.Add(new("KNOWN", System.Net.IPAddress.Parse("10.1.2.3"))));
        var result = Dcmtk.Echo(listener.Port, callingAe: "KNOWN");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", result.Combined, StringComparison.OrdinalIgnoreCase);
    }
}
