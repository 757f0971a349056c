using System.Buffers.Binary;

namespace RadCnn.Dicom.Imaging;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one PackBits
/// segment per byte plane, most significant byte first, sample by sample. Output is little endian
/// with each sample in its own plane (planar configuration 1). Output never grows past the frame,
/// whatever the segments claim, so a hostile frame costs no more memory than a valid one.
/// </summary>
internal static class RleDecoder
{
    public static byte[] DecodeFrame(ReadOnlySpan<byte> data, int rows, int columns, int samples, int bitsAllocated)
    {
        if (bitsAllocated % 8 != 0)
        {
            throw new DicomPixelDataException($"RLE Lossless with Bits Allocated {bitsAllocated} is not defined (it must be a multiple of 8)");
        }

        if (data.Length < 64)
        {
            throw new DicomPixelDataException($"the RLE frame is {data.Length} bytes, shorter than its 64-byte header");
        }

        var bytesPerSample = bitsAllocated / 8;
        var segments = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
        var expected = samples * bytesPerSample;
        if (segments != expected)
        {
            throw new DicomPixelDataException($"the RLE frame has {segments} segments where {samples} samples of {bitsAllocated} bits need {expected}");
        }

        var offsets = new long[segments + 1];
        for (var i = 0; i < segments; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + (i * 4))..]);
        }

        offsets[segments] = data.Length;
        var pixels = (long)rows * columns;
        var planeLength = pixels * bytesPerSample;
        var output = new byte[checked(planeLength * samples)];
        var segment = new byte[pixels];
        for (var s = 0; s < segments; s++)
        {
            var start = offsets[s];
            var end = offsets[s + 1];
            if (start < 64 || end < start || end > data.Length)
            {
                throw new DicomPixelDataException($"RLE segment {s} has offsets {start}..{end} outside the {data.Length}-byte frame");
            }

            var decoded = DecodeSegment(data[(int)start..(int)end], segment);
            if (decoded < pixels)
            {
                throw new DicomPixelDataException($"RLE segment {s} decodes to {decoded} bytes where the frame needs {pixels}");
            }

            // Segment s holds byte (bytesPerSample - 1 - k) of sample s / bytesPerSample: most significant first.
            var sample = s / bytesPerSample;
            var byteIndex = bytesPerSample - 1 - (s % bytesPerSample);
            var destination = output.AsSpan((int)(sample * planeLength));
            for (long p = 0; p < pixels; p++)
            {
                destination[(int)((p * bytesPerSample) + byteIndex)] = segment[p];
            }
        }

        return output;
    }

    /// <summary>PackBits: n in 0..127 copies n+1 literal bytes, n in -127..-1 repeats the next byte 1-n times, -128 is a no-op.</summary>
    private static long DecodeSegment(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var i = 0;
        var o = 0;
        while (i < input.Length && o < output.Length)
        {
            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var count = Math.Min(n + 1, Math.Min(input.Length - i, output.Length - o));
                input.Slice(i, count).CopyTo(output[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128)
            {
                if (i >= input.Length)
                {
                    break;
                }

                var count = Math.Min(1 - n, output.Length - o);
                output.Slice(o, count).Fill(input[i++]);
                o += count;
            }
        }

        return o;
    }
}
