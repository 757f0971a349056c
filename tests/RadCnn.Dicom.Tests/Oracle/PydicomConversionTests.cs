using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Oracle;

/// <summary>
/// Every readable file pydicom ships with native pixel data, re-encoded by RadCnn into explicit and implicit
/// VR little endian and saved as Part 10: pydicom reads the converted file with the same tags, VRs and
/// values (value bytes in little-endian order, strings) as the original. pydicom_dump.py is the oracle.
/// </summary>
public sealed class PydicomConversionTests(PydicomOracle oracle) : IClassFixture<PydicomOracle>
{
    private const string MediaStorageDirectory = "1.2.840.10008.1.3.10";
    private const string EmptyRaw = "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"";

    [Fact]
    public void Converted_files_read_the_same_in_pydicom()
    {
        using var temp = new TempDirectory("radcnn-convert");
        var converted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in DicomCorpus.Files())
        {
            var name = DicomCorpus.Name(path);
            if (oracle[name].TryGetProperty("error", out _) || PydicomComparisonTests.RejectedBrokenFiles.ContainsKey(name))
            {
                continue;
            }

            var file = DicomFile.Open(path);
            if (file.Dataset.Any(i => i is DicomFragmentSequence))
            {
                continue; // encapsulated pixel data has no implicit or explicit VR little endian form
            }

            if (file.FileMetaInfo.TryGetString(DicomTag.MediaStorageSOPClassUID, out var sopClass) && sopClass == MediaStorageDirectory)
            {
                continue; // a DICOMDIR's records point at byte offsets in the file, which re-encoding moves
            }

            foreach (var syntax in new[] { DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian })
            {
                var output = temp.Combine($"{converted.Count}.dcm");
                new DicomFile(file.FileMetaInfo, file.Dataset) { TransferSyntax = syntax }.Save(output);
                converted[output] = $"{name} as {syntax.Uid.Value}";
            }
        }

        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "pydicom_dump.py"));
        var result = Peers.Run(Peers.Python, ["-c", script, .. converted.Keys], TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var differences = new List<string>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var after = JsonDocument.Parse(line).RootElement;
            var label = converted[after.GetProperty("file").GetString()!];
            var before = oracle[label[..label.IndexOf(" as ", StringComparison.Ordinal)]];
            if (after.TryGetProperty("error", out var error))
            {
                differences.Add($"{label}: pydicom cannot read it: {error.GetString()}");
                continue;
            }

            Compare(label, label.EndsWith(" as " + DicomUid.ExplicitVRLittleEndian.Value, StringComparison.Ordinal), before.GetProperty("dataset"), after.GetProperty("dataset"), differences);
        }

        Assert.True(converted.Count > 100, $"only {converted.Count} conversions");
        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(40)));
    }

    /// <summary>
    /// An implicit VR file carries no VRs, so there pydicom's VR is its dictionary's (pixel data OW, a private
    /// tag's from its private dictionary): VRs are compared for explicit VR targets only. pydicom leaves no raw
    /// value for some empty elements: no raw value and an empty one are the same. Group lengths are recomputed
    /// on writing (headers differ in size between the syntaxes, and some source files have stale ones).
    /// </summary>
    private static void Compare(string path, bool explicitVR, JsonElement before, JsonElement after, List<string> differences)
    {
        var original = before.EnumerateArray().ToDictionary(e => e.GetProperty("tag").GetString()!);
        var written = after.EnumerateArray().ToDictionary(e => e.GetProperty("tag").GetString()!);
        foreach (var tag in original.Keys.Union(written.Keys))
        {
            if (!original.TryGetValue(tag, out var o) || !written.TryGetValue(tag, out var w))
            {
                differences.Add($"{path} ({tag}): only in the {(o.ValueKind == JsonValueKind.Undefined ? "converted" : "original")} file");
                continue;
            }

            foreach (var property in explicitVR ? ["vr", "raw", "str"] : new[] { "raw", "str" })
            {
                if (property == "raw" && tag.EndsWith("0000", StringComparison.Ordinal))
                {
                    continue;
                }

                var a = o.TryGetProperty(property, out var x) ? x.GetRawText() : property == "raw" ? EmptyRaw : null;
                var b = w.TryGetProperty(property, out var y) ? y.GetRawText() : property == "raw" ? EmptyRaw : null;
                if (a != b)
                {
                    differences.Add($"{path} ({tag}): {property} {a} became {b}");
                }
            }

            if (o.TryGetProperty("items", out var oi) && w.TryGetProperty("items", out var wi))
            {
                if (oi.GetArrayLength() != wi.GetArrayLength())
                {
                    differences.Add($"{path} ({tag}): {oi.GetArrayLength()} items became {wi.GetArrayLength()}");
                    continue;
                }

                for (var i = 0; i < oi.GetArrayLength(); i++)
                {
                    Compare($"{path} ({tag})[{i}]", explicitVR, oi[i], wi[i], differences);
                }
            }
        }
    }
}
