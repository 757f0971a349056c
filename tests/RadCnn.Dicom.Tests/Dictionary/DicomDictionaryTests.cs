using System.Text.Json;
using RadCnn.Dicom.Dictionary;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Dictionary;

/// <summary>The generated dictionary against pydicom's own (another reading of PS3.6).</summary>
public sealed class DicomDictionaryTests
{
    [Fact]
    public void Every_current_standard_tag_of_pydicom_has_the_same_keyword_and_VR_here()
    {
        var json = Peers.RunPython("""
            import json
            from pydicom.datadict import DicomDictionary
            print(json.dumps({'%08X' % t: [v[0], v[4], v[3]] for t, v in DicomDictionary.items()}))
            """).StandardOutput;
        var pydicom = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json)!;
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var (tagText, (vr, keyword, retired)) in pydicom.Select(kv => (kv.Key, (kv.Value[0], kv.Value[1], kv.Value[2]))))
        {
            var tag = DicomTag.FromValue(Convert.ToUInt32(tagText, 16));
            if (retired == "Retired" || !DicomDictionary.TryLookup(tag, out var entry))
            {
                continue; // pydicom 2.4 and DCMTK 3.6.9 follow slightly different editions for retired and new tags
            }

            compared++;
            var theirVRs = vr.Replace(" or ", "/", StringComparison.Ordinal).Split('/');
            if (entry.Keyword != keyword || !entry.ValueRepresentations.Select(v => v.Code).Intersect(theirVRs).Any())
            {
                mismatches.Add($"{tag}: {entry.Keyword} {string.Join('/', entry.ValueRepresentations)} vs pydicom {keyword} {vr}");
            }
        }

        Assert.True(compared > 4000, $"only {compared} compared");
        Assert.True(mismatches.Count <= 5, string.Join('\n', mismatches));
    }
}
