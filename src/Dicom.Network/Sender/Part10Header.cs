using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Sender;

/// <summary>
/// What the sender needs from a Part 10 file before streaming it: SOP class, SOP instance,
/// transfer syntax and where the data set starts. Only the file meta group (always explicit VR
/// little endian, PS3.10 7.1) is read here; the data set itself is streamed, never parsed.
/// </summary>
internal sealed record Part10Header(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DataSetOffset)
{
    public static Part10Header Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var prefix = new byte[132];
        if (stream.Read(prefix) != 132 || prefix[128] != 'D' || prefix[129] != 'I' || prefix[130] != 'C' || prefix[131] != 'M')
        {
            throw new InvalidDataException("not a DICOM Part 10 file (no DICM prefix)");
        }

        var values = new Dictionary<ushort, string>();
        var header = new byte[12];
        while (true)
        {
            var start = stream.Position;
            if (stream.Read(header, 0, 8) != 8)
            {
                break;
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(header) != 0x0002)
            {
                stream.Position = start;
                break;
            }

            var element = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
            var vr = Encoding.ASCII.GetString(header, 4, 2);
            long length;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV")
            {
                stream.ReadExactly(header, 8, 4);
                length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
            }

            if (length > 1024 * 1024 || stream.Position + length > stream.Length)
            {
                throw new InvalidDataException("file meta element length out of range");
            }

            if (element is 0x0002 or 0x0003 or 0x0010)
            {
                var value = new byte[length];
                stream.ReadExactly(value);
                values[element] = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
            }
            else
            {
                stream.Seek(length, SeekOrigin.Current);
            }
        }

        string Get(ushort element, string name) => values.TryGetValue(element, out var v) && v.Length > 0
            ? v
            : throw new InvalidDataException($"file meta lacks {name}");
        return new Part10Header(Get(0x0002, "Media Storage SOP Class UID"), Get(0x0003, "Media Storage SOP Instance UID"), Get(0x0010, "Transfer Syntax UID"), stream.Position);
    }
}
