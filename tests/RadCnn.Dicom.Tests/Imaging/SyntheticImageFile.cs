using System.Buffers.Binary;
using System.Text;

namespace RadCnn.Dicom.Tests.Imaging;

/// <summary>
/// Writes small explicit VR little endian Part 10 image files byte by byte, so the pixel tests
/// depend on nothing but the reader and cover layouts pydicom's test files lack.
/// </summary>
internal sealed class SyntheticImageFile
{
    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public SyntheticImageFile(int rows, int columns, int bitsAllocated, int bitsStored, bool signed, int samples = 1, string photometric = "MONOCHROME2", int frames = 1, int planar = 0)
    {
        US(0x00280002, samples);
        String(0x00280004, "CS", photometric);
        if (samples > 1)
        {
            US(0x00280006, planar);
        }

        String(0x00280008, "IS", frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        US(0x00280010, rows);
        US(0x00280011, columns);
        US(0x00280100, bitsAllocated);
        US(0x00280101, bitsStored);
        US(0x00280102, bitsStored - 1);
        US(0x00280103, signed ? 1 : 0);
    }

    public byte[]? Pixels { get; set; }

    public void US(uint tag, int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        _elements[tag] = Element(tag, "US", bytes);
    }

    public void String(uint tag, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value.Length % 2 == 1 ? value + " " : value);
        _elements[tag] = Element(tag, vr, bytes);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        var ts = Encoding.ASCII.GetBytes("1.2.840.10008.1.2.1\0");
        stream.Write(Element(0x00020010, "UI", ts));
        foreach (var element in _elements.Values)
        {
            stream.Write(element);
        }

        if (Pixels is not null)
        {
            var padded = Pixels.Length % 2 == 0 ? Pixels : [.. Pixels, 0];
            stream.Write(Element(0x7FE00010, "OW", padded));
        }
    }

    private static byte[] Element(uint tag, string vr, byte[] value)
    {
        var longForm = vr is "OW" or "OB";
        var header = new byte[longForm ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), (ushort)tag);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (longForm)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)value.Length);
        }

        return [.. header, .. value];
    }
}
