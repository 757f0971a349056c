namespace RadCnn.Dicom.Text;

/// <summary>
/// The one place where DICOM string bytes become .NET strings and back. Every string getter and
/// setter of <see cref="DicomDataset"/> goes through the character set of its dataset (inherited by
/// sequence items). The work is done by <see cref="SpecificCharacterSet"/> (ISO 8859, UTF-8, GB18030/GBK, ISO 2022).
/// </summary>
internal sealed class DicomCharacterSet
{
    private readonly SpecificCharacterSet _set;

    private DicomCharacterSet(IReadOnlyList<string> terms)
    {
        Terms = terms;
        _set = SpecificCharacterSet.Parse(terms);
    }

    /// <summary>The default repertoire: no (0008,0005), or an empty one.</summary>
    public static DicomCharacterSet Default { get; } = new([]);

    /// <summary>The defined terms of (0008,0005), e.g. ["", "ISO 2022 IR 87"].</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The character set named by the values of Specific Character Set (0008,0005).</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> terms) =>
        terms.Count == 0 || (terms.Count == 1 && string.IsNullOrWhiteSpace(terms[0])) ? Default : new DicomCharacterSet(terms);

    /// <summary>Decodes a whole string value (all its backslash-separated values) of the given VR.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr) => _set.Decode(bytes, vr);

    /// <summary>Encodes a string value of the given VR.</summary>
    public byte[] Encode(string value, DicomVR vr) => _set.Encode(value, vr);

    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6 (default)" : string.Join('\\', Terms);
}
