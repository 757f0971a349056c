namespace RadCnn.Dicom.IO;

/// <summary>
/// The bytes of one value, wherever they are: in memory, or still in the file (read on demand so a
/// 500 MB multi-frame file costs no memory until its pixel data is asked for). Immutable.
/// </summary>
internal abstract class ByteBuffer
{
    public abstract long Length { get; }

    /// <summary>True where <see cref="Data"/> costs no I/O.</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>All the bytes, loaded now if they are still in the file.</summary>
    public abstract ReadOnlyMemory<byte> Data { get; }

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    /// <summary>Writes every byte to a stream without holding more than a chunk in memory.</summary>
    public virtual void WriteTo(Stream stream)
    {
        if (IsInMemory)
        {
            stream.Write(Data.Span);
            return;
        }

        var chunk = new byte[(int)Math.Min(Length, 1 << 20)];
        for (long done = 0; done < Length;)
        {
            var n = (int)Math.Min(chunk.Length, Length - done);
            CopyTo(done, chunk.AsSpan(0, n));
            stream.Write(chunk, 0, n);
            done += n;
        }
    }

    public static ByteBuffer Empty { get; } = new MemoryByteBuffer(ReadOnlyMemory<byte>.Empty);
}
