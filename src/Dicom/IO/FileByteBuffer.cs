namespace RadCnn.Dicom.IO;

/// <summary>
/// Value bytes left in the file: only the path, offset and length are kept, and the file is opened
/// for each read. Used for large values (pixel data, fragments) of files opened by path.
/// </summary>
internal sealed class FileByteBuffer(string path, long offset, long length) : ByteBuffer
{
    public override long Length => length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> Data
    {
        get
        {
            if (length > Array.MaxLength)
            {
                throw new InvalidOperationException($"a value of {length} bytes does not fit one array; read it in parts with CopyTo");
            }

            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            CopyTo(0, bytes);
            return bytes;
        }
    }

    public override void CopyTo(long start, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start + destination.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "read past the end of the value");
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], offset + start + done);
            if (n == 0)
            {
                throw new DicomFormatException("the file became shorter after it was opened", offset + start + done, null, path);
            }

            done += n;
        }
    }
}
