namespace RadCnn.Dicom.Network.Negotiation;

/// <summary>
/// Transfer syntaxes the listener accepts. Instances are stored exactly as received, so every
/// syntax here costs nothing to support: no decoding happens on the association.
/// </summary>
internal static class TransferSyntaxes
{
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";

    /// <summary>Preference order when a peer offers several: the explicit syntaxes keep VRs, then the peer's own compressed ones.</summary>
    public static readonly IReadOnlyList<string> Uncompressed = [ExplicitVrLittleEndian, ImplicitVrLittleEndian];

    /// <summary>Encapsulated (compressed) syntaxes of PS3.5 annex A.4, accepted and stored as received.</summary>
    public static readonly IReadOnlySet<string> Encapsulated = new HashSet<string>(StringComparer.Ordinal)
    {
        "1.2.840.10008.1.2.1.98", // Encapsulated Uncompressed Explicit VR Little Endian
        "1.2.840.10008.1.2.4.50", // JPEG Baseline (Process 1)
        "1.2.840.10008.1.2.4.51", // JPEG Extended (Process 2 and 4)
        "1.2.840.10008.1.2.4.57", // JPEG Lossless, Non-Hierarchical (Process 14)
        "1.2.840.10008.1.2.4.70", // JPEG Lossless, First-Order Prediction
        "1.2.840.10008.1.2.4.80", // JPEG-LS Lossless
        "1.2.840.10008.1.2.4.81", // JPEG-LS Near-Lossless
        "1.2.840.10008.1.2.4.90", // JPEG 2000 (Lossless Only)
        "1.2.840.10008.1.2.4.91", // JPEG 2000
        "1.2.840.10008.1.2.4.92", // JPEG 2000 Part 2 Multi-component (Lossless Only)
        "1.2.840.10008.1.2.4.93", // JPEG 2000 Part 2 Multi-component
        "1.2.840.10008.1.2.4.100", // MPEG2 Main Profile / Main Level
        "1.2.840.10008.1.2.4.101", // MPEG2 Main Profile / High Level
        "1.2.840.10008.1.2.4.102", // MPEG-4 AVC/H.264 High Profile / Level 4.1
        "1.2.840.10008.1.2.4.103", // MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1
        "1.2.840.10008.1.2.4.104", // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video
        "1.2.840.10008.1.2.4.105", // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video
        "1.2.840.10008.1.2.4.106", // MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2
        "1.2.840.10008.1.2.4.107", // HEVC/H.265 Main Profile / Level 5.1
        "1.2.840.10008.1.2.4.108", // HEVC/H.265 Main 10 Profile / Level 5.1
        "1.2.840.10008.1.2.4.110", // JPEG XL Lossless
        "1.2.840.10008.1.2.4.111", // JPEG XL JPEG Recompression
        "1.2.840.10008.1.2.4.112", // JPEG XL
        "1.2.840.10008.1.2.4.201", // High-Throughput JPEG 2000 (Lossless Only)
        "1.2.840.10008.1.2.4.202", // High-Throughput JPEG 2000 with RPCL Options (Lossless Only)
        "1.2.840.10008.1.2.4.203", // High-Throughput JPEG 2000
        "1.2.840.10008.1.2.5", // RLE Lossless
    };

    public static bool IsAccepted(string uid)
        => uid is ImplicitVrLittleEndian or ExplicitVrLittleEndian or DeflatedExplicitVrLittleEndian or ExplicitVrBigEndian
           || Encapsulated.Contains(uid);
}
