using System.Globalization;
using System.Text.Json.Nodes;
using RadCnn.Dicom.Json;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Json;

/// <summary>
/// Our DICOM JSON against DCMTK's dcm2json for a set of pydicom's files (native pixel data
/// included, as dcm2json always writes it). Numbers are compared as numbers (DCMTK writes DS "80"
/// as 80 or 80.0 depending on version; both are the same JSON number).
/// Known differences, normalised away here:
/// - FL values: DCMTK prints 9 significant digits, RadCnn the shortest round-trip form; compared as floats.
/// - (FFFC,FFFC) Data Set Trailing Padding: DCMTK writes it; it is padding, not data, and RadCnn leaves it out.
/// Files DCMTK itself cannot convert (its iconv lacks a character set on some hosts) are skipped and listed.
/// </summary>
public sealed class Dcm2JsonComparisonTests
{
    private static readonly string[] Files =
    [
        "test_files/CT_small.dcm", "test_files/MR_small.dcm", "test_files/MR_small_implicit.dcm", "test_files/MR_small_bigendian.dcm",
        "test_files/MR_small_padded.dcm", "test_files/ExplVR_BigEnd.dcm", "test_files/rtplan.dcm", "test_files/rtdose.dcm",
        "test_files/rtstruct.dcm", "test_files/priv_SQ.dcm", "test_files/reportsi.dcm", "test_files/reportsi_with_empty_number_tags.dcm",
        "test_files/test-SR.dcm", "test_files/waveform_ecg.dcm", "test_files/image_dfl.dcm", "test_files/liver_1frame.dcm",
        "test_files/SC_rgb_small_odd.dcm", "test_files/SC_ybr_full_422_uncompressed.dcm", "test_files/empty_charset_LEI.dcm",
        "charset_files/chrFren.dcm", "charset_files/chrFrenMulti.dcm", "charset_files/chrGerm.dcm", "charset_files/chrGreek.dcm",
        "charset_files/chrRuss.dcm", "charset_files/chrArab.dcm", "charset_files/chrHbrw.dcm", "charset_files/chrX1.dcm",
        "charset_files/chrX2.dcm", "charset_files/chrH31.dcm", "charset_files/chrI2.dcm",
    ];

    [Fact]
    public void JsonEqualsDcm2Json()
    {
        var dcm2json = Peers.Require("dcm2json", "dcmtk");
        var root = Path.GetDirectoryName(Peers.PydicomTestFiles)!;
        var compared = 0;
        var skipped = new List<string>();
        foreach (var name in Files)
        {
            var path = Path.Combine(root, name);
            var peer = Peers.Run(dcm2json, ["-q", "-fc", path]);
            if (peer.ExitCode != 0 || peer.StandardOutput.Length == 0)
            {
                skipped.Add(name);
                continue;
            }

            var expected = JsonNode.Parse(peer.StandardOutput)!.AsObject();
            expected.Remove("FFFCFFFC");
            var ours = JsonNode.Parse(DicomJsonWriter.Serialize(DicomFile.Open(path).Dataset, new DicomJsonOptions { IncludePixelData = true, Indented = false }))!;
            var difference = Difference(expected, ours, string.Empty);
            Assert.True(difference is null, $"{name}: {difference}");
            compared++;
        }

        Assert.True(compared >= 24, $"only {compared} files compared; DCMTK could not convert {string.Join(", ", skipped)}");
    }

    [Fact]
    public void PixelDataIsLeftOutUnlessAskedFor()
    {
        var dataset = DicomFile.Open(Path.Combine(Peers.PydicomTestFiles, "CT_small.dcm")).Dataset;
        Assert.DoesNotContain("7FE00010", DicomJsonWriter.Serialize(dataset), StringComparison.Ordinal);
        Assert.Contains("\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":", DicomJsonWriter.Serialize(dataset, new DicomJsonOptions { IncludePixelData = true, Indented = false }), StringComparison.Ordinal);
    }

    [Fact]
    public void PersonNameGroupsBecomeAlphabeticIdeographicPhonetic()
    {
        var dataset = DicomFile.Open(Path.Combine(Peers.PydicomCharsetFiles, "chrH31.dcm")).Dataset;
        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset))!;
        var name = json["00100010"]!["Value"]![0]!;
        Assert.Equal("Yamada^Tarou", name["Alphabetic"]!.GetValue<string>());
        Assert.Equal("山田^太郎", name["Ideographic"]!.GetValue<string>());
        Assert.Equal("やまだ^たろう", name["Phonetic"]!.GetValue<string>());
    }

    private static string? Difference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject e:
                if (actual is not JsonObject a)
                {
                    return $"{path}: expected an object, got {actual?.ToJsonString()}";
                }

                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}/{key}: {(e.ContainsKey(key) ? "missing in ours" : "not in DCMTK's")}: {(e[key] ?? a[key])?.ToJsonString()[..Math.Min(120, (e[key] ?? a[key])?.ToJsonString().Length ?? 0)]}";
                    }

                    if (Difference(e[key], a[key], $"{path}/{key}") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case JsonArray e:
                if (actual is not JsonArray list || list.Count != e.Count)
                {
                    return $"{path}: expected {e.ToJsonString()[..Math.Min(200, e.ToJsonString().Length)]}, got {actual?.ToJsonString()[..Math.Min(200, actual.ToJsonString().Length)]}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (Difference(e[i], list[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                var ev = expected.AsValue();
                if (actual is not JsonValue av)
                {
                    return $"{path}: expected {ev.ToJsonString()}, got {actual?.ToJsonString()}";
                }

                if (ev.GetValueKind() == System.Text.Json.JsonValueKind.Number && av.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                {
                    // FL: DCMTK prints 9 significant digits, RadCnn the shortest text that gives the same float back.
                    var (x, y) = (ev.GetValue<double>(), av.GetValue<double>());
                    return x == y || (float)x == (float)y ? null : $"{path}: {ev.GetValue<double>().ToString(CultureInfo.InvariantCulture)} vs {av.GetValue<double>().ToString(CultureInfo.InvariantCulture)}";
                }

                return ev.ToJsonString() == av.ToJsonString() ? null : $"{path}: expected {ev.ToJsonString()[..Math.Min(200, ev.ToJsonString().Length)]}, got {av.ToJsonString()[..Math.Min(200, av.ToJsonString().Length)]}";
        }
    }
}
