namespace RadCnn.Dicom.IO;

/// <summary>
/// A big-endian value seen as little endian: bytes are swapped per unit (2 for OW/US, 4 for UL/FL...)
/// when read, so the rest of RadCnn only ever sees little-endian values.
/// </summary>
internal sealed class SwappedByteBuffer(ByteBuffer inner, int unitSize) : ByteBuffer
{
    public override long Length => inner.Length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> Data
    {
        get
        {
            var bytes = inner.Data.ToArray();
            Swap(bytes, unitSize);
            return bytes;
        }
    }

    public override void CopyTo(long offset, Span<byte> destination)
    {
        // Widen to whole units so a partial read swaps correctly.
        var start = offset - (offset % unitSize);
        var wanted = offset + destination.Length;
        var end = Math.Min(Length, (wanted + unitSize - 1) / unitSize * unitSize);
        var span = new byte[end - start];
        inner.CopyTo(start, span);
        Swap(span, unitSize);
        span.AsSpan((int)(offset - start), destination.Length).CopyTo(destination);
    }

    internal static void Swap(Span<byte> bytes, int unit)
    {
        var whole = bytes.Length - (bytes.Length % unit);
        for (var i = 0; i < whole; i += unit)
        {
            bytes.Slice(i, unit).Reverse();
        }
    }
}
