namespace RadCnn.Dicom;

/// <summary>
/// A value representation (PS3.5 6.2). One shared instance per VR, so reference equality works and
/// <c>vr == DicomVR.SQ</c> is cheap. Carries what the reader and writer need to know about its encoding.
/// </summary>
public sealed class DicomVR : IEquatable<DicomVR>
{
    private DicomVR(string code, DicomVRKind kind, bool longLength, int unitSize, byte padding, int maxLength, bool multiValue)
    {
        Code = code;
        Kind = kind;
        HasLongExplicitLength = longLength;
        UnitSize = unitSize;
        PaddingByte = padding;
        MaxLength = maxLength;
        IsMultiValuedString = multiValue;
    }

    /// <summary>The two-letter code ("PN").</summary>
    public string Code { get; }

    public DicomVRKind Kind { get; }

    /// <summary>True where explicit VR uses 2 reserved bytes and a 32-bit length (OB, OW, SQ, UN, UT...).</summary>
    public bool HasLongExplicitLength { get; }

    /// <summary>Size of one binary value (2 for US, 8 for FD); 1 for strings and bytes. Also the byte-swap unit.</summary>
    public int UnitSize { get; }

    /// <summary>Byte used to pad odd-length values: space for strings, NUL for UI and binary.</summary>
    public byte PaddingByte { get; }

    /// <summary>Maximum value length in bytes (per value for strings); 0 where unbounded.</summary>
    public int MaxLength { get; }

    /// <summary>Strings whose values are separated by a backslash (not LT, ST, UT, UR).</summary>
    public bool IsMultiValuedString { get; }

    public bool IsString => Kind == DicomVRKind.String;

    public static DicomVR AE { get; } = new("AE", DicomVRKind.String, false, 1, 0x20, 16, true);
    public static DicomVR AS { get; } = new("AS", DicomVRKind.String, false, 1, 0x20, 4, true);
    public static DicomVR AT { get; } = new("AT", DicomVRKind.Tag, false, 4, 0, 4, false);
    public static DicomVR CS { get; } = new("CS", DicomVRKind.String, false, 1, 0x20, 16, true);
    public static DicomVR DA { get; } = new("DA", DicomVRKind.String, false, 1, 0x20, 18, true);
    public static DicomVR DS { get; } = new("DS", DicomVRKind.String, false, 1, 0x20, 16, true);
    public static DicomVR DT { get; } = new("DT", DicomVRKind.String, false, 1, 0x20, 54, true);
    public static DicomVR FD { get; } = new("FD", DicomVRKind.Binary, false, 8, 0, 8, false);
    public static DicomVR FL { get; } = new("FL", DicomVRKind.Binary, false, 4, 0, 4, false);
    public static DicomVR IS { get; } = new("IS", DicomVRKind.String, false, 1, 0x20, 12, true);
    public static DicomVR LO { get; } = new("LO", DicomVRKind.String, false, 1, 0x20, 64, true);
    public static DicomVR LT { get; } = new("LT", DicomVRKind.String, false, 1, 0x20, 10240, false);
    public static DicomVR OB { get; } = new("OB", DicomVRKind.Bytes, true, 1, 0, 0, false);
    public static DicomVR OD { get; } = new("OD", DicomVRKind.Bytes, true, 8, 0, 0, false);
    public static DicomVR OF { get; } = new("OF", DicomVRKind.Bytes, true, 4, 0, 0, false);
    public static DicomVR OL { get; } = new("OL", DicomVRKind.Bytes, true, 4, 0, 0, false);
    public static DicomVR OV { get; } = new("OV", DicomVRKind.Bytes, true, 8, 0, 0, false);
    public static DicomVR OW { get; } = new("OW", DicomVRKind.Bytes, true, 2, 0, 0, false);
    public static DicomVR PN { get; } = new("PN", DicomVRKind.String, false, 1, 0x20, 324, true);
    public static DicomVR SH { get; } = new("SH", DicomVRKind.String, false, 1, 0x20, 16, true);
    public static DicomVR SL { get; } = new("SL", DicomVRKind.Binary, false, 4, 0, 4, false);
    public static DicomVR SQ { get; } = new("SQ", DicomVRKind.Sequence, true, 1, 0, 0, false);
    public static DicomVR SS { get; } = new("SS", DicomVRKind.Binary, false, 2, 0, 2, false);
    public static DicomVR ST { get; } = new("ST", DicomVRKind.String, false, 1, 0x20, 1024, false);
    public static DicomVR SV { get; } = new("SV", DicomVRKind.Binary, true, 8, 0, 8, false);
    public static DicomVR TM { get; } = new("TM", DicomVRKind.String, false, 1, 0x20, 28, true);
    public static DicomVR UC { get; } = new("UC", DicomVRKind.String, true, 1, 0x20, 0, true);
    public static DicomVR UI { get; } = new("UI", DicomVRKind.String, false, 1, 0x00, 64, true);
    public static DicomVR UL { get; } = new("UL", DicomVRKind.Binary, false, 4, 0, 4, false);
    public static DicomVR UN { get; } = new("UN", DicomVRKind.Bytes, true, 1, 0, 0, false);
    public static DicomVR UR { get; } = new("UR", DicomVRKind.String, true, 1, 0x20, 0, false);
    public static DicomVR US { get; } = new("US", DicomVRKind.Binary, false, 2, 0, 2, false);
    public static DicomVR UT { get; } = new("UT", DicomVRKind.String, true, 1, 0x20, 0, false);
    public static DicomVR UV { get; } = new("UV", DicomVRKind.Binary, true, 8, 0, 8, false);

    /// <summary>Pseudo-VR of item and delimitation tags (FFFE,E000/E00D/E0DD), which carry no VR on the wire.</summary>
    public static DicomVR NONE { get; } = new("NONE", DicomVRKind.Bytes, true, 1, 0, 0, false);

    /// <summary>Every VR of the current standard, in alphabetical order.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    /// <summary>The VR for two code bytes as they appear on the wire; false for anything not a VR.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = (first << 8 | second) switch
        {
            0x4145 => AE, 0x4153 => AS, 0x4154 => AT, 0x4353 => CS, 0x4441 => DA, 0x4453 => DS, 0x4454 => DT,
            0x4644 => FD, 0x464C => FL, 0x4953 => IS, 0x4C4F => LO, 0x4C54 => LT, 0x4F42 => OB, 0x4F44 => OD,
            0x4F46 => OF, 0x4F4C => OL, 0x4F56 => OV, 0x4F57 => OW, 0x504E => PN, 0x5348 => SH, 0x534C => SL,
            0x5351 => SQ, 0x5353 => SS, 0x5354 => ST, 0x5356 => SV, 0x544D => TM, 0x5543 => UC, 0x5549 => UI,
            0x554C => UL, 0x554E => UN, 0x5552 => UR, 0x5553 => US, 0x5554 => UT, 0x5556 => UV,
            _ => null!,
        };
        return vr is not null;
    }

    public static bool TryParse(string code, out DicomVR vr)
    {
        vr = null!;
        return code is { Length: 2 } && TryParse((byte)code[0], (byte)code[1], out vr);
    }

    public static DicomVR Parse(string code) =>
        TryParse(code, out var vr) ? vr : throw new FormatException($"'{code}' is not a DICOM value representation");

    public bool Equals(DicomVR? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Code;
}
