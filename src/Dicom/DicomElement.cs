using RadCnn.Dicom.IO;

namespace RadCnn.Dicom;

/// <summary>
/// A data element with a value: strings, numbers, tags or bytes. The value is kept as its encoded
/// bytes (little endian) and decoded on request through the owning dataset, which knows the character
/// set. Large values read from a file stay in the file until <see cref="GetBytes"/> or
/// <see cref="CopyBytes"/> asks for them.
/// </summary>
public sealed class DicomElement : DicomItem
{
    internal DicomElement(DicomTag tag, DicomVR vr, ByteBuffer buffer)
        : base(tag, vr)
    {
        Buffer = buffer;
    }

    /// <summary>An element holding the given encoded (little-endian) bytes as its value.</summary>
    public static DicomElement FromBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        new(tag, vr, new MemoryByteBuffer(bytes));

    internal ByteBuffer Buffer { get; }

    /// <summary>Length of the value in bytes, as encoded (may be odd where the file had an odd length).</summary>
    public long Length => Buffer.Length;

    /// <summary>False while the value is still only in the file.</summary>
    public bool IsLoaded => Buffer.IsInMemory;

    /// <summary>The value bytes (little endian), read from the file now if they were left there.</summary>
    public ReadOnlyMemory<byte> GetBytes() => Buffer.Data;

    /// <summary>Copies part of the value (for example one frame) without loading the rest.</summary>
    public void CopyBytes(long offset, Span<byte> destination) => Buffer.CopyTo(offset, destination);

    public override DicomItem Clone() => new DicomElement(Tag, VR, Buffer);

    public override string ToString() => $"{Tag} {VR.Code} ({Length} bytes)";
}
