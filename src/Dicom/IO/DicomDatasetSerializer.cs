namespace RadCnn.Dicom.IO;

/// <summary>
/// Bare datasets to and from bytes in a given transfer syntax, without Part 10 framing: what the network
/// layer sends in P-DATA (command sets in implicit VR little endian, datasets in the negotiated syntax).
/// </summary>
public static class DicomDatasetSerializer
{
    /// <summary>Reads a whole dataset from bytes (values are slices of <paramref name="bytes"/>' array where possible).</summary>
    /// <exception cref="DicomFormatException">The bytes are not a valid dataset in that syntax.</exception>
    public static DicomDataset Read(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) || segment.Array is null)
        {
            segment = new ArraySegment<byte>(bytes.ToArray());
        }

        return ReadSegment(segment, syntax, options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads a dataset from a stream up to its end (values are copied into memory).</summary>
    /// <exception cref="DicomFormatException">The stream is not a valid dataset in that syntax.</exception>
    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return ReadSegment(new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length), syntax, options ?? DicomReadOptions.Default);
    }

    /// <summary>Writes a dataset (every element, group lengths recomputed where present). Deflate is the caller's concern.</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        DicomDatasetWriter.Write(stream, dataset, syntax);
    }

    public static byte[] ToBytes(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var memory = new MemoryStream();
        Write(memory, dataset, syntax);
        return memory.ToArray();
    }

    /// <summary>The encoded length of a dataset in a syntax (e.g. for a command set's group length).</summary>
    public static long MeasureLength(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return DicomDatasetWriter.Measure(dataset, syntax.IsExplicitVR);
    }

    private static DicomDataset ReadSegment(ArraySegment<byte> segment, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        var source = new ByteSource(segment.Array!, segment.Offset, segment.Count, 0) { BigEndian = syntax.IsBigEndian };
        var dataset = new DicomDataset();
        try
        {
            new DicomParser(source, syntax.IsExplicitVR, options, null).ReadTopLevel(dataset, metaOnly: false, detectVR: false);
        }
        catch (Exception e) when (e is not DicomFormatException and not OutOfMemoryException)
        {
            throw new DicomFormatException($"unexpected {e.GetType().Name}: {e.Message}", source.Position, null, null, e);
        }

        return dataset;
    }
}
