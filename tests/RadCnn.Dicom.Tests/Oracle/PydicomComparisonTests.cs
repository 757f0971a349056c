using System.Security.Cryptography;

using System.Text.Json;
using RadCnn.Dicom.IO;

namespace RadCnn.Dicom.Tests.Oracle;

/// <summary>
/// Every file pydicom ships, read by RadCnn and by pydicom: the same tags in the same nesting, the same
/// VRs, the same value bytes (SHA-1 of the value as read, little endian) and, for files in the default
/// character set, the same string values. Differences that are expected are listed here with the reason.
/// </summary>
public sealed class PydicomComparisonTests(PydicomOracle oracle) : IClassFixture<PydicomOracle>
{
    /// <summary>
    /// Files that are broken, which RadCnn rejects with a DicomFormatException while pydicom, which is
    /// lenient by design, returns whatever it could read before the fault.
    /// </summary>
    public static readonly Dictionary<string, string> RejectedBrokenFiles = new(StringComparer.Ordinal)
    {
        ["test_files/MR_truncated.dcm"] = "pixel data length runs past the end of the file",
        ["test_files/rtplan_truncated.dcm"] = "the file ends inside a sequence",
        ["test_files/no_meta.dcm"] = "starts one byte off (0x20 before the first tag), so its first element is (0820,0500) "
            + "with a length of 173228800 in a 38871-byte file; DCMTK rejects it the same way, pydicom returns that one element",
    };

    public static TheoryData<string> Files() => DicomCorpus.Names();

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_the_same_as_pydicom(string name)
    {
        var expected = oracle[name];
        DicomFile file;
        try
        {
            file = DicomFile.Open(DicomCorpus.Resolve(name));
        }
        catch (DicomFormatException e)
        {
            Assert.True(
                RejectedBrokenFiles.ContainsKey(name) || expected.TryGetProperty("error", out _),
                $"RadCnn rejected {name} which pydicom reads: {e.Message}");
            return;
        }

        Assert.False(RejectedBrokenFiles.ContainsKey(name), $"{name} is listed as rejected but was read");
        if (expected.TryGetProperty("error", out var error))
        {
            // pydicom fails on it; RadCnn reading it is fine, nothing to compare against.
            Assert.NotNull(error.GetString());
            return;
        }

        var differences = new List<string>();
        Compare("meta", file.FileMetaInfo, expected.GetProperty("meta"), differences);
        Compare("dataset", file.Dataset, expected.GetProperty("dataset"), differences);
        Assert.True(differences.Count == 0, $"{name}:\n" + string.Join('\n', differences.Take(30)));
    }

    private static void Compare(string path, DicomDataset ours, JsonElement theirs, List<string> differences)
    {
        var expected = theirs.EnumerateArray().ToDictionary(e => Convert.ToUInt32(e.GetProperty("tag").GetString(), 16));
        var actual = ours.ToDictionary(i => i.Tag.Value);
        foreach (var tag in expected.Keys.Except(actual.Keys))
        {
            differences.Add($"{path}: {DicomTag.FromValue(tag)} only in pydicom");
        }

        foreach (var tag in actual.Keys.Except(expected.Keys))
        {
            differences.Add($"{path}: {DicomTag.FromValue(tag)} only in RadCnn");
        }

        foreach (var (tag, item) in actual)
        {
            if (expected.TryGetValue(tag, out var e))
            {
                CompareItem($"{path}/{item.Tag}", ours, item, e, differences);
            }
        }
    }

    private static void CompareItem(string path, DicomDataset owner, DicomItem item, JsonElement e, List<string> differences)
    {
        var theirVR = e.GetProperty("vr").GetString()!;
        if (!SameVR(item, theirVR))
        {
            differences.Add($"{path}: VR {item.VR} vs pydicom {theirVR}");
        }

        switch (item)
        {
            case DicomSequence sequence:
                if (!e.TryGetProperty("items", out var items))
                {
                    differences.Add($"{path}: a sequence in RadCnn, a value in pydicom");
                    return;
                }

                if (items.GetArrayLength() != sequence.Items.Count)
                {
                    differences.Add($"{path}: {sequence.Items.Count} items vs pydicom {items.GetArrayLength()}");
                    return;
                }

                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Compare($"{path}[{i}]", sequence.Items[i], items[i], differences);
                }

                break;
            case DicomElement element:
                if (e.TryGetProperty("raw", out var raw) && raw.GetString() != Sha1(element.GetBytes().Span))
                {
                    differences.Add($"{path}: value bytes differ ({element.Length} vs pydicom {e.GetProperty("len").GetInt64()} bytes)");
                }

                if (e.TryGetProperty("str", out var strings) && element.VR.IsString)
                {
                    var ourStrings = owner.GetValues<string>(element.Tag);
                    var theirStrings = strings.EnumerateArray().Select(s => s.GetString()!).ToArray();
                    if (!SameStrings(ourStrings, theirStrings))
                    {
                        differences.Add($"{path}: [{string.Join('|', ourStrings)}] vs pydicom [{string.Join('|', theirStrings)}]");
                    }
                }

                break;
            case DicomFragmentSequence fragments:
                if (e.TryGetProperty("raw", out var encapsulated) && encapsulated.GetString() != Sha1(Encapsulated(fragments)))
                {
                    differences.Add($"{path}: fragments differ from pydicom's encapsulated bytes");
                }

                break;
        }
    }

    /// <summary>
    /// Where pydicom names a different VR for the same bytes, and why that is not a fault:
    /// - pydicom resolves "US or SS" style entries from Pixel Representation; RadCnn reports the first
    ///   allowed VR (the pixel data reader resolves them where it matters);
    /// - pydicom replaces UN by the dictionary VR, and gives private tags of implicit VR files the VR of
    ///   its private dictionary; RadCnn keeps UN and the bytes unchanged (so writing gives the same file);
    /// - a UN element of undefined length is a sequence for both; RadCnn keeps its VR as UN.
    /// </summary>
    private static bool SameVR(DicomItem item, string theirs)
    {
        if (item.VR.Code == theirs || theirs.Replace(" or ", "/", StringComparison.Ordinal).Split('/').Contains(item.VR.Code))
        {
            return true;
        }

        if (item.VR == DicomVR.UN)
        {
            return true;
        }

        var allowed = item.Tag.DictionaryEntry.ValueRepresentations;
        return allowed.Count > 1 && allowed.Any(v => v.Code == theirs) && allowed.Contains(item.VR);
    }

    /// <summary>pydicom gives [""] for an empty value where RadCnn gives no values.</summary>
    private static bool SameStrings(string[] ours, string[] theirs)
    {
        if (ours.Length == 0)
        {
            return theirs.Length == 0 || (theirs.Length == 1 && theirs[0].Length == 0);
        }

        return ours.SequenceEqual(theirs);
    }

    private static byte[] Encapsulated(DicomFragmentSequence fragments)
    {
        using var stream = new MemoryStream();
        void Item(ReadOnlySpan<byte> value)
        {
            stream.Write([0xFE, 0xFF, 0x00, 0xE0]);
            stream.Write(BitConverter.GetBytes((uint)value.Length));
            stream.Write(value);
        }

        var table = new byte[fragments.BasicOffsetTable.Count * 4];
        for (var i = 0; i < fragments.BasicOffsetTable.Count; i++)
        {
            BitConverter.GetBytes(fragments.BasicOffsetTable[i]).CopyTo(table, i * 4);
        }

        Item(table);
        for (var i = 0; i < fragments.FragmentCount; i++)
        {
            Item(fragments.GetFragment(i).Span);
        }

        return stream.ToArray();
    }

    private static string Sha1(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

}
