namespace RadCnn.Dicom.IO;

/// <summary>Value bytes held in memory (often a slice of the whole file's array, shared without copying).</summary>
internal sealed class MemoryByteBuffer(ReadOnlyMemory<byte> data) : ByteBuffer
{
    public override long Length => data.Length;

    public override bool IsInMemory => true;

    public override ReadOnlyMemory<byte> Data => data;

    public override void CopyTo(long offset, Span<byte> destination) =>
        data.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);
}
