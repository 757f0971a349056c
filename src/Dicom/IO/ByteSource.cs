using System.Buffers.Binary;

namespace RadCnn.Dicom.IO;

/// <summary>
/// The parser's view of the input: either a whole array (small files, inflated data: values become
/// slices without copying) or a stream read through a window (large files: big values are skipped and
/// left in the file). Knows the input length where it can, so that no value longer than what remains
/// is ever allocated.
/// </summary>
internal sealed class ByteSource
{
    private const int WindowSize = 64 * 1024;
    private readonly Stream? _stream;
    private readonly string? _lazyPath;
    private readonly long _lazyThreshold;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferStart;

    /// <summary>Over bytes already in memory; <paramref name="baseOffset"/> is the file offset of data[offset].</summary>
    public ByteSource(byte[] data, int offset, int count, long baseOffset)
    {
        _buffer = data;
        _pos = offset;
        _end = offset + count;
        _bufferStart = baseOffset - offset;
        Length = baseOffset + count;
        IsWhole = true;
    }

    /// <summary>Over a stream from its current position, which is file offset <paramref name="baseOffset"/>.</summary>
    public ByteSource(Stream stream, long baseOffset, long length, string? lazyPath, long lazyThreshold)
    {
        _stream = stream;
        _buffer = new byte[WindowSize];
        _bufferStart = baseOffset;
        Length = length;
        _lazyPath = lazyPath;
        _lazyThreshold = lazyThreshold;
    }

    /// <summary>File offset of the next byte.</summary>
    public long Position => _bufferStart + _pos;

    /// <summary>Total input length (file offset of its end), or -1 where unknown (inflated stream).</summary>
    public long Length { get; }

    public bool IsWhole { get; }

    public bool BigEndian { get; set; }

    /// <summary>Bytes left where the length is known; long.MaxValue otherwise.</summary>
    public long Remaining => Length < 0 ? long.MaxValue : Length - Position;

    /// <summary>Bytes buffered and ready to read.</summary>
    public int Available => _end - _pos;

    /// <summary>Makes <paramref name="count"/> bytes available; false at end of input.</summary>
    public bool Ensure(int count)
    {
        if (_end - _pos >= count)
        {
            return true;
        }

        if (_stream is null)
        {
            return false;
        }

        // Slide what is left to the front of the window and fill the rest.
        var left = _end - _pos;
        Buffer.BlockCopy(_buffer, _pos, _buffer, 0, left);
        _bufferStart += _pos;
        _pos = 0;
        _end = left;
        while (_end < count)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return false;
            }

            _end += n;
        }

        return true;
    }

    public byte Peek(int index) => _buffer[_pos + index];

    public void Advance(int count) => _pos += count;

    public ushort ReadUInt16()
    {
        var span = _buffer.AsSpan(_pos, 2);
        _pos += 2;
        return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32()
    {
        var span = _buffer.AsSpan(_pos, 4);
        _pos += 4;
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    /// <summary>
    /// The next <paramref name="length"/> bytes as a value. The caller has checked the length against
    /// <see cref="Remaining"/>; for streams of unknown length the buffer grows with the data actually read,
    /// so a hostile length never causes a large allocation. Returns null where the input ends first.
    /// </summary>
    public ByteBuffer? ReadValue(long length)
    {
        if (IsWhole)
        {
            if (length > _end - _pos)
            {
                return null;
            }

            var slice = new MemoryByteBuffer(new ReadOnlyMemory<byte>(_buffer, _pos, (int)length));
            _pos += (int)length;
            return slice;
        }

        if (_lazyPath is not null && length >= _lazyThreshold && _stream!.CanSeek)
        {
            var lazy = new FileByteBuffer(_lazyPath, Position, length);
            return Skip(length) ? lazy : null;
        }

        return ReadIntoArray(length);
    }

    /// <summary>Skips bytes; false where the input ends first.</summary>
    public bool Skip(long count)
    {
        if (count <= _end - _pos)
        {
            _pos += (int)count;
            return true;
        }

        if (_stream is null)
        {
            return false;
        }

        var target = Position + count;
        if (_stream.CanSeek)
        {
            if (Length >= 0 && target > Length)
            {
                return false;
            }

            _stream.Seek(target, SeekOrigin.Begin);
            _bufferStart = target;
            _pos = _end = 0;
            return true;
        }

        while (Position < target)
        {
            var step = (int)Math.Min(target - Position, WindowSize);
            if (!Ensure(step))
            {
                return false;
            }

            _pos += step;
        }

        return true;
    }

    /// <summary>Copies everything from the current position to the end of input (deflated data).</summary>
    public void CopyRestTo(Stream destination)
    {
        while (Ensure(1))
        {
            destination.Write(_buffer, _pos, _end - _pos);
            _pos = _end;
        }
    }

    private MemoryByteBuffer? ReadIntoArray(long length)
    {
        if (length > Array.MaxLength)
        {
            return null;
        }

        // Where the length is known to fit, allocate once; otherwise grow with the data (hostile lengths).
        var capacity = Length >= 0 ? (int)length : (int)Math.Min(length, 1 << 20);
        var result = GC.AllocateUninitializedArray<byte>(capacity);
        var done = 0;
        while (done < length)
        {
            if (_end == _pos && !Ensure(1))
            {
                return null;
            }

            var n = (int)Math.Min(_end - _pos, length - done);
            if (done + n > result.Length)
            {
                Array.Resize(ref result, (int)Math.Min(length, Math.Max((long)result.Length * 2, done + n)));
            }

            Buffer.BlockCopy(_buffer, _pos, result, done, n);
            _pos += n;
            done += n;
        }

        return new MemoryByteBuffer(result);
    }
}
