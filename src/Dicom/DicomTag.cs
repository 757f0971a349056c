using System.Globalization;
using RadCnn.Dicom.Dictionary;

namespace RadCnn.Dicom;

/// <summary>
/// A data element tag (group, element). A value type so that millions of them cost nothing; the
/// well-known tags are generated static properties (<c>DicomTag.PatientName</c>).
/// </summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element)
    {
        Group = group;
        Element = element;
    }

    public ushort Group { get; }

    public ushort Element { get; }

    /// <summary>The tag as one 32-bit number, group in the high half (sorts as DICOM orders elements).</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Odd groups (other than 0001, 0003, 0005, 0007, FFFF) are private.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

    /// <summary>A private creator element (gggg,0010-00FF) in a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    /// <summary>A group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0x0000;

    /// <summary>The dictionary entry for this tag; an "unknown" entry (VR UN) where none exists.</summary>
    public DicomDictionaryEntry DictionaryEntry => DicomDictionary.Lookup(this);

    /// <summary>The standard keyword, or an empty string for private and unknown tags.</summary>
    public string Keyword => DictionaryEntry.Keyword;

    public static DicomTag FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    /// <summary>Parses "(0010,0010)", "0010,0010", "00100010" or a keyword such as "PatientName".</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var tag))
        {
            return tag;
        }

        throw new FormatException($"'{text}' is not a DICOM tag or keyword");
    }

    public static bool TryParse(string text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim().Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (t.Length == 8 && uint.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            tag = FromValue(v);
            return true;
        }

        if (DicomDictionary.TryLookupKeyword(text.Trim(), out var entry))
        {
            tag = entry.Tag;
            return true;
        }

        return false;
    }

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>"(gggg,eeee)" in upper-case hex, as DCMTK prints it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");

    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    // Tags the parser treats structurally; kept here so the reader does not depend on the generated names.
    internal const uint ItemValue = 0xFFFEE000;
    internal const uint ItemDelimitationValue = 0xFFFEE00D;
    internal const uint SequenceDelimitationValue = 0xFFFEE0DD;
    internal const uint PixelDataValue = 0x7FE00010;
}
