using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// The Part 10 header the listener puts in front of a data set it stores as received: written
/// before the data set arrives, from what the association and the C-STORE command say. Encoded
/// directly (preamble, "DICM", explicit VR little endian elements) because it is built once per
/// received instance, on the path between the command and the first data fragment; it is the same
/// bytes <see cref="DicomPart10Header.Encode"/> writes for these elements.
/// </summary>
internal static class FileMetaWriter
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string sourceAeTitle, string implementationClassUid, string implementationVersionName)
    {
        var group = new ArrayBufferWriter<byte>(256);
        WriteElement(group, 0x0001, "OB", [0, 1]);
        WriteText(group, 0x0002, "UI", sopClassUid, 0);
        WriteText(group, 0x0003, "UI", sopInstanceUid, 0);
        WriteText(group, 0x0010, "UI", transferSyntaxUid, 0);
        WriteText(group, 0x0012, "UI", implementationClassUid, 0);
        WriteText(group, 0x0013, "SH", implementationVersionName, (byte)' ');
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            WriteText(group, 0x0016, "AE", sourceAeTitle, (byte)' ');
        }

        var header = new ArrayBufferWriter<byte>(128 + 4 + 12 + group.WrittenCount);
        header.Write(new byte[128]);
        header.Write("DICM"u8);
        Span<byte> groupLength = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)group.WrittenCount);
        WriteElement(header, 0x0000, "UL", groupLength);
        header.Write(group.WrittenSpan);
        return header.WrittenSpan.ToArray();
    }

    /// <summary>A text value padded to even length (UIDs with NUL, other strings with a space).</summary>
    private static void WriteText(ArrayBufferWriter<byte> target, ushort element, string vr, string text, byte padding)
    {
        var length = Encoding.Latin1.GetByteCount(text);
        var value = new byte[length + (length & 1)];
        Encoding.Latin1.GetBytes(text, value);
        if ((length & 1) == 1)
        {
            value[^1] = padding;
        }

        WriteElement(target, element, vr, value);
    }

    private static void WriteElement(ArrayBufferWriter<byte> target, ushort element, string vr, ReadOnlySpan<byte> value)
    {
        // OB has a 2-byte reserved field and a 4-byte length in explicit VR; these short VRs a 2-byte length.
        var longForm = vr == "OB";
        var span = target.GetSpan(12);
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], element);
        span[4] = (byte)vr[0];
        span[5] = (byte)vr[1];
        if (longForm)
        {
            span[6] = 0;
            span[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)value.Length);
        }

        target.Advance(longForm ? 12 : 8);
        target.Write(value);
    }
}
