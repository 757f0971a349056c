using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// The Part 10 header (preamble, "DICM", group 0002 in explicit VR little endian, PS3.10 7.1) that
/// the listener puts in front of a data set it stores as received. Written here, byte by byte,
/// because the listener must write it before the data set arrives and cannot hold the data set.
/// </summary>
internal static class FileMetaWriter
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string sourceAeTitle, string implementationClassUid, string implementationVersionName)
    {
        var elements = new List<byte>(256);
        AddOb(elements, 0x0001, [0x00, 0x01]);
        AddText(elements, 0x0002, "UI", sopClassUid, 0);
        AddText(elements, 0x0003, "UI", sopInstanceUid, 0);
        AddText(elements, 0x0010, "UI", transferSyntaxUid, 0);
        AddText(elements, 0x0012, "UI", implementationClassUid, 0);
        AddText(elements, 0x0013, "SH", implementationVersionName, (byte)' ');
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            AddText(elements, 0x0016, "AE", sourceAeTitle, (byte)' ');
        }

        var header = new byte[128 + 4 + 12 + elements.Count];
        "DICM"u8.CopyTo(header.AsSpan(128));
        var span = header.AsSpan(132);
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 0x0000);
        "UL"u8.CopyTo(span[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)elements.Count);
        elements.CopyTo(header, 144);
        return header;
    }

    private static void AddText(List<byte> bytes, ushort element, string vr, string value, byte pad)
    {
        var data = Encoding.ASCII.GetBytes(value);
        var length = data.Length + (data.Length % 2);
        AddHeader(bytes, element, vr, (ushort)length);
        bytes.AddRange(data);
        if (data.Length % 2 == 1)
        {
            bytes.Add(pad);
        }
    }

    private static void AddOb(List<byte> bytes, ushort element, byte[] value)
    {
        // OB has a 2-byte reserved field and a 4-byte length in explicit VR.
        bytes.AddRange([0x02, 0x00, (byte)element, (byte)(element >> 8), (byte)'O', (byte)'B', 0, 0]);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value.Length);
        bytes.AddRange(length.ToArray());
        bytes.AddRange(value);
    }

    private static void AddHeader(List<byte> bytes, ushort element, string vr, ushort length)
    {
        bytes.AddRange([0x02, 0x00, (byte)element, (byte)(element >> 8), (byte)vr[0], (byte)vr[1], (byte)length, (byte)(length >> 8)]);
    }
}
