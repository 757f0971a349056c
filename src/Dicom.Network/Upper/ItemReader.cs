using System.Buffers.Binary;

namespace RadCnn.Dicom.Network.Upper;

/// <summary>Walks the type/reserved/length(2, big endian)/value items of an association PDU, checking each length.</summary>
internal ref struct ItemReader
{
    private ReadOnlySpan<byte> _rest;

    public ItemReader(ReadOnlySpan<byte> items)
    {
        _rest = items;
    }

    public bool Next(out byte type, out ReadOnlySpan<byte> value)
    {
        if (_rest.IsEmpty)
        {
            type = 0;
            value = default;
            return false;
        }

        if (_rest.Length < 4)
        {
            throw new DicomProtocolException($"truncated item header ({_rest.Length} bytes left)");
        }

        type = _rest[0];
        var length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length > _rest.Length - 4)
        {
            throw new DicomProtocolException($"item 0x{type:X2} claims {length} bytes but only {_rest.Length - 4} remain");
        }

        value = _rest.Slice(4, length);
        _rest = _rest[(4 + length)..];
        return true;
    }
}
