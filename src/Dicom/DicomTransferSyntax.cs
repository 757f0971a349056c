namespace RadCnn.Dicom;

/// <summary>
/// How a dataset is encoded on the wire: VR explicit or implicit, byte order, deflate, and whether
/// pixel data is encapsulated (compressed). Unknown syntaxes are taken as explicit VR little endian
/// encapsulated, which PS3.5 10 requires of every syntax other than the three native ones.
/// </summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private DicomTransferSyntax(DicomUid uid, bool isExplicitVR, bool isBigEndian, bool isDeflated, bool isEncapsulated)
    {
        Uid = uid;
        IsExplicitVR = isExplicitVR;
        IsBigEndian = isBigEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
    }

    public DicomUid Uid { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>Pixel data is a sequence of fragments (JPEG, RLE, ...), not native pixels.</summary>
    public bool IsEncapsulated { get; }

    public string Name => Uid.Name;

    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = new(DicomUid.ImplicitVRLittleEndian, false, false, false, false);

    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = new(DicomUid.ExplicitVRLittleEndian, true, false, false, false);

    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = new(DicomUid.ExplicitVRBigEndian, true, true, false, false);

    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = new(DicomUid.DeflatedExplicitVRLittleEndian, true, false, true, false);

    public static DicomTransferSyntax RLELossless { get; } = new(DicomUid.RLELossless, true, false, false, true);

    public static DicomTransferSyntax JPEGBaseline8Bit { get; } = new(DicomUid.JPEGBaseline8Bit, true, false, false, true);

    public static DicomTransferSyntax JPEGLosslessSV1 { get; } = new(DicomUid.JPEGLosslessSV1, true, false, false, true);

    public static DicomTransferSyntax JPEG2000Lossless { get; } = new(DicomUid.JPEG2000Lossless, true, false, false, true);

    private static readonly DicomTransferSyntax[] Native =
        [ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian];

    /// <summary>The syntax for a UID string (padding removed); unknown UIDs give an encapsulated explicit VR LE syntax.</summary>
    public static DicomTransferSyntax Parse(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var parsed = DicomUid.Parse(uid);
        foreach (var ts in Native)
        {
            if (ts.Uid == parsed)
            {
                return ts;
            }
        }

        // "Encapsulated Uncompressed Explicit VR Little Endian" (1.2.840.10008.1.2.1.98) is still encapsulated.
        return new DicomTransferSyntax(parsed, true, false, false, true);
    }

    public bool Equals(DicomTransferSyntax? other) => other is not null && Uid == other.Uid;

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => Uid.GetHashCode();

    public override string ToString() => $"{Name} ({Uid.Value})";
}
