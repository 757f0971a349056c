using System.Buffers.Binary;
using System.Text;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set: group 0000 elements, always implicit VR little endian (PS3.7 6.3.1). This
/// tiny codec exists because the command group is fixed and small; data sets go through RadCnn.Dicom.
/// Values are kept as raw bytes; typed accessors know each tag's VR from <see cref="CommandTag"/>.
/// </summary>
internal sealed class CommandSet
{
    /// <summary>A command set larger than this is not a command set: refuse before buffering more.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public ushort? GetUInt16(uint tag)
        => _elements.TryGetValue(tag, out var value) && value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : null;

    public string? GetString(uint tag)
        => _elements.TryGetValue(tag, out var value) ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ') : null;

    public CommandSet SetUInt16(uint tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _elements[tag] = bytes;
        return this;
    }

    /// <summary>Sets a UI (padded with NUL) or a text value (padded with space) to even length.</summary>
    public CommandSet SetString(uint tag, string value, bool uid = true)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = uid ? (byte)0 : (byte)' ';
        }

        _elements[tag] = bytes;
        return this;
    }

    public byte[] Encode()
    {
        var length = 0;
        foreach (var (tag, value) in _elements)
        {
            if (tag != CommandTag.GroupLength)
            {
                length += 8 + value.Length;
            }
        }

        var bytes = new byte[12 + length];
        var span = bytes.AsSpan();
        WriteHeader(span, CommandTag.GroupLength, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)length);
        var offset = 12;
        foreach (var (tag, value) in _elements)
        {
            if (tag == CommandTag.GroupLength)
            {
                continue;
            }

            WriteHeader(span[offset..], tag, value.Length);
            value.CopyTo(span[(offset + 8)..]);
            offset += 8 + value.Length;
        }

        return bytes;
    }

    public static CommandSet Decode(ReadOnlySpan<byte> bytes)
    {
        var set = new CommandSet();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < 8)
            {
                throw new DicomProtocolException("truncated command element header");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            if (group != 0)
            {
                throw new DicomProtocolException($"element ({group:X4},{element:X4}) in a command set");
            }

            if (length > bytes.Length - 8)
            {
                throw new DicomProtocolException($"command element (0000,{element:X4}) claims {length} bytes, {bytes.Length - 8} remain");
            }

            set._elements[element] = bytes.Slice(8, (int)length).ToArray();
            bytes = bytes[(8 + (int)length)..];
        }

        return set;
    }

    private static void WriteHeader(Span<byte> span, uint tag, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)tag);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)length);
    }
}
