using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Network.Upper;

/// <summary>Builds a PDU body with nested items whose 16-bit lengths are patched when each item ends.</summary>
internal sealed class PduBuilder
{
    private readonly List<byte> _bytes = new(1024);

    public void Add(byte value) => _bytes.Add(value);

    public void AddZeros(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _bytes.Add(0);
        }
    }

    public void AddUInt16(ushort value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    public void AddUInt32(uint value)
    {
        AddUInt16((ushort)(value >> 16));
        AddUInt16((ushort)value);
    }

    public void AddBytes(ReadOnlySpan<byte> bytes) => _bytes.AddRange(bytes);

    public void AddAscii(string text) => _bytes.AddRange(Encoding.ASCII.GetBytes(text));

    public void AddPadded(string text, int width)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i < width; i++)
        {
            _bytes.Add(i < bytes.Length ? bytes[i] : (byte)' ');
        }
    }

    public int BeginItem(byte type)
    {
        _bytes.Add(type);
        _bytes.Add(0);
        var start = _bytes.Count;
        AddUInt16(0);
        return start;
    }

    public void EndItem(int start)
    {
        var length = _bytes.Count - start - 2;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException("association item longer than 65535 bytes");
        }

        _bytes[start] = (byte)(length >> 8);
        _bytes[start + 1] = (byte)length;
    }

    public byte[] ToPdu(PduType type)
    {
        var pdu = new byte[6 + _bytes.Count];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)_bytes.Count);
        _bytes.CopyTo(pdu, 6);
        return pdu;
    }
}
