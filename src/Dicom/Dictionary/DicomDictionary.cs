using System.Collections.Frozen;
using System.Globalization;

namespace RadCnn.Dicom.Dictionary;

/// <summary>
/// Tag lookups over the generated table (<see cref="DicomDictionaryTable"/>). The table is parsed on
/// first use into a frozen map for single tags and a short list for ranges (60xx overlays, private
/// creators, group lengths), which are searched only when the map misses.
/// </summary>
public static class DicomDictionary
{
    private static readonly Lazy<Tables> Data = new(Build);

    /// <summary>The entry for a tag; an entry with VR UN and an empty keyword where the dictionary has none.</summary>
    public static DicomDictionaryEntry Lookup(DicomTag tag)
    {
        var data = Data.Value;
        if (data.Single.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        foreach (var range in data.Ranges)
        {
            if (range.Matches(tag))
            {
                return range.Entry;
            }
        }

        return new DicomDictionaryEntry(tag, [DicomVR.UN], "1", string.Empty, tag.IsPrivate ? "Private Tag" : "Unknown Tag", false);
    }

    /// <summary>True where the tag is a known standard (or range) entry.</summary>
    public static bool TryLookup(DicomTag tag, out DicomDictionaryEntry entry)
    {
        entry = Lookup(tag);
        return entry.Keyword.Length > 0;
    }

    public static bool TryLookupKeyword(string keyword, out DicomDictionaryEntry entry) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out entry!);

    /// <summary>Every entry of the dictionary, single tags and ranges, in tag order.</summary>
    public static IEnumerable<DicomDictionaryEntry> Entries => Data.Value.All;

    private static Tables Build()
    {
        var single = new Dictionary<uint, DicomDictionaryEntry>();
        var ranges = new List<RangeEntry>();
        var byKeyword = new Dictionary<string, DicomDictionaryEntry>(StringComparer.Ordinal);
        var all = new List<DicomDictionaryEntry>();
        foreach (var line in DicomDictionaryTable.Tags.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length < 12)
            {
                continue;
            }

            var gLo = ushort.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var gHi = ushort.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var eLo = ushort.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var eHi = ushort.Parse(f[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var vrs = f[6] == "NONE" ? [DicomVR.NONE] : f[6].Split('/').Select(DicomVR.Parse).ToArray();
            var entry = new DicomDictionaryEntry(new DicomTag(gLo, eLo), vrs, f[7], f[8], f[9], f[10] == "R");
            all.Add(entry);
            if (gLo == gHi && eLo == eHi)
            {
                single[entry.Tag.Value] = entry;
            }
            else
            {
                ranges.Add(new RangeEntry(gLo, gHi, f[2][0], eLo, eHi, f[5][0], entry));
            }

            // Standard entries win a keyword shared with DICONDE/DICOS or private-range rows.
            if (f[11] == "DICOM" || !byKeyword.ContainsKey(entry.Keyword))
            {
                byKeyword[entry.Keyword] = entry;
            }
        }

        // Narrow ranges first, so (6000-60FF,3000) wins over a generic (0000-FFFF,0000)-style row.
        ranges.Sort((a, b) => a.Width.CompareTo(b.Width));
        return new Tables(single.ToFrozenDictionary(), [.. ranges], byKeyword.ToFrozenDictionary(StringComparer.Ordinal), all);
    }

    private sealed record Tables(
        FrozenDictionary<uint, DicomDictionaryEntry> Single,
        RangeEntry[] Ranges,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword,
        List<DicomDictionaryEntry> All);

    private sealed record RangeEntry(ushort GroupLo, ushort GroupHi, char GroupParity, ushort ElementLo, ushort ElementHi, char ElementParity, DicomDictionaryEntry Entry)
    {
        public long Width => (long)(GroupHi - GroupLo + 1) * (ElementHi - ElementLo + 1);

        public bool Matches(DicomTag tag) =>
            InRange(tag.Group, GroupLo, GroupHi, GroupParity) && InRange(tag.Element, ElementLo, ElementHi, ElementParity);

        private static bool InRange(ushort value, ushort lo, ushort hi, char parity) =>
            value >= lo && value <= hi && parity switch
            {
                'e' => ((value - lo) & 1) == 0,
                'o' => (value & 1) == 1,
                _ => true,
            };
    }
}
