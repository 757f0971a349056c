namespace RadCnn.Dicom;

/// <summary>How a VR's value is encoded, which decides how it is decoded and byte-swapped.</summary>
public enum DicomVRKind
{
    /// <summary>Character data (AE, CS, PN, UI, UT...), decoded through the dataset's character set.</summary>
    String,

    /// <summary>Fixed-size little/big-endian numbers (US, SS, UL, SL, FL, FD, SV, UV).</summary>
    Binary,

    /// <summary>Attribute tags (AT): pairs of 16-bit numbers.</summary>
    Tag,

    /// <summary>Opaque or bulk bytes (OB, OW, OF, OD, OL, OV, UN).</summary>
    Bytes,

    /// <summary>A sequence of nested datasets (SQ).</summary>
    Sequence,
}
