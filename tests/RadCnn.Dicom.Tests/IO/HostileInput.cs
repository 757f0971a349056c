using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Tests.IO;

/// <summary>Builds small Part 10 files byte by byte, so that tests can break them in exactly one place.</summary>
internal sealed class HostileInput
{
    private readonly MemoryStream _bytes = new();

    /// <summary>Preamble, DICM and a minimal meta group naming the transfer syntax.</summary>
    public static HostileInput Part10(string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var input = new HostileInput();
        input._bytes.Write(new byte[128]);
        input._bytes.Write("DICM"u8);
        var uid = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax);
        input.Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes(8 + uid.Length));
        input.Explicit(0x0002, 0x0010, "UI", uid);
        return input;
    }

    public long Length => _bytes.Length;

    public HostileInput Explicit(ushort group, ushort element, string vr, ReadOnlySpan<byte> value, uint? length = null)
    {
        Tag(group, element);
        _bytes.Write(Encoding.ASCII.GetBytes(vr));
        var isLong = vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "UC" or "UN" or "UR" or "UT" or "SV" or "UV";
        if (isLong)
        {
            _bytes.Write([0, 0]);
            UInt32(length ?? (uint)value.Length);
        }
        else
        {
            UInt16((ushort)(length ?? (uint)value.Length));
        }

        _bytes.Write(value);
        return this;
    }

    public HostileInput Implicit(ushort group, ushort element, ReadOnlySpan<byte> value, uint? length = null)
    {
        Tag(group, element);
        UInt32(length ?? (uint)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>An item, item delimiter or sequence delimiter header: (FFFE,eeee) and a 32-bit length.</summary>
    public HostileInput Delimiter(ushort element, uint length)
    {
        Tag(0xFFFE, element);
        UInt32(length);
        return this;
    }

    public HostileInput Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Tag(ushort group, ushort element)
    {
        UInt16(group);
        UInt16(element);
    }

    private void UInt16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        _bytes.Write(b);
    }

    private void UInt32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.Write(b);
    }
}
