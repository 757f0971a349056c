using RadCnn.Dicom.IO;

namespace RadCnn.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a basic offset table followed by fragments of compressed
/// frames. Fragments read from a file stay there until asked for.
/// </summary>
public sealed class DicomFragmentSequence : DicomItem
{
    private readonly List<ByteBuffer> _fragments = [];
    private ByteBuffer _offsetTable = ByteBuffer.Empty;

    public DicomFragmentSequence(DicomTag tag, DicomVR vr)
        : base(tag, vr)
    {
    }

    /// <summary>Byte offsets of each frame's first fragment, relative to the first fragment; empty where the file has none.</summary>
    public IReadOnlyList<uint> BasicOffsetTable
    {
        get
        {
            var bytes = _offsetTable.Data.Span;
            var table = new uint[bytes.Length / 4];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
            }

            return table;
        }
    }

    public int FragmentCount => _fragments.Count;

    public long GetFragmentLength(int index) => _fragments[index].Length;

    /// <summary>One fragment's bytes, read from the file now if they were left there.</summary>
    public ReadOnlyMemory<byte> GetFragment(int index) => _fragments[index].Data;

    public void CopyFragment(int index, long offset, Span<byte> destination) => _fragments[index].CopyTo(offset, destination);

    public void AddFragment(ReadOnlyMemory<byte> bytes) => _fragments.Add(new MemoryByteBuffer(bytes));

    /// <summary>Replaces the basic offset table (little-endian 32-bit offsets).</summary>
    public void SetBasicOffsetTable(IEnumerable<uint> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var list = offsets.ToArray();
        var bytes = new byte[list.Length * 4];
        for (var i = 0; i < list.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), list[i]);
        }

        _offsetTable = new MemoryByteBuffer(bytes);
    }

    internal ByteBuffer OffsetTableBuffer
    {
        get => _offsetTable;
        set => _offsetTable = value;
    }

    internal IReadOnlyList<ByteBuffer> Fragments => _fragments;

    internal void AddFragment(ByteBuffer buffer) => _fragments.Add(buffer);

    public override DicomItem Clone()
    {
        var copy = new DicomFragmentSequence(Tag, VR) { OffsetTableBuffer = _offsetTable };
        copy._fragments.AddRange(_fragments);
        return copy;
    }

    public override string ToString() => $"{Tag} {VR.Code} ({_fragments.Count} fragments)";
}
