using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// The Part 10 header the listener puts in front of a data set it stores as received: written
/// before the data set arrives, from what the association and the C-STORE command say. Encoded
/// directly (preamble, "DICM", seven explicit VR little endian elements) because it is built once
/// per received instance, on the path between the command and the first data fragment; it is the
/// same bytes <see cref="DicomPart10Header.Encode"/> writes for these elements.
/// </summary>
internal static class FileMetaWriter
{
    private const int PreambleAndPrefix = 128 + 4;
    private static readonly byte[] Version = [0, 1];

    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string sourceAeTitle, string implementationClassUid, string implementationVersionName)
    {
        Span<(ushort Element, string Vr, byte[] Value)> elements =
        [
            (0x0001, "OB", Version),
            (0x0002, "UI", Value(sopClassUid, 0)),
            (0x0003, "UI", Value(sopInstanceUid, 0)),
            (0x0010, "UI", Value(transferSyntaxUid, 0)),
            (0x0012, "UI", Value(implementationClassUid, 0)),
            (0x0013, "SH", Value(implementationVersionName, (byte)' ')),
            (0x0016, "AE", string.IsNullOrEmpty(sourceAeTitle) ? [] : Value(sourceAeTitle, (byte)' ')),
        ];

        var groupLength = 0;
        foreach (var (element, vr, value) in elements)
        {
            groupLength += element == 0x0016 && value.Length == 0 ? 0 : HeaderLength(vr) + value.Length;
        }

        var header = new byte[PreambleAndPrefix + 12 + groupLength];
        "DICM"u8.CopyTo(header.AsSpan(128));
        var at = PreambleAndPrefix;
        at = WriteElement(header, at, 0x0000, "UL", BitConverter.GetBytes(groupLength));
        foreach (var (element, vr, value) in elements)
        {
            if (element == 0x0016 && value.Length == 0)
            {
                continue;
            }

            at = WriteElement(header, at, element, vr, value);
        }

        return header;
    }

    /// <summary>OB (and the other long forms) have a 12-byte element header; these short VRs have 8.</summary>
    private static int HeaderLength(string vr) => vr == "OB" ? 12 : 8;

    private static byte[] Value(string text, byte padding)
    {
        var length = Encoding.Latin1.GetByteCount(text);
        var value = new byte[length + (length & 1)];
        Encoding.Latin1.GetBytes(text, value);
        if ((length & 1) == 1)
        {
            value[^1] = padding;
        }

        return value;
    }

    private static int WriteElement(byte[] header, int at, ushort element, string vr, byte[] value)
    {
        var span = header.AsSpan(at);
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], element);
        span[4] = (byte)vr[0];
        span[5] = (byte)vr[1];
        if (HeaderLength(vr) == 12)
        {
            span[6] = 0;
            span[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)value.Length);
        }

        value.CopyTo(span[HeaderLength(vr)..]);
        return at + HeaderLength(vr) + value.Length;
    }
}
