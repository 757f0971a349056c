namespace RadCnn.Dicom.IO;

/// <summary>
/// Bare datasets to and from bytes in a given transfer syntax, without Part 10 framing: what the network
/// layer sends in P-DATA (command sets in implicit VR little endian, datasets in the negotiated syntax).
/// </summary>
public static class DicomDatasetSerializer
{
    /// <summary>Reads a whole dataset from bytes.</summary>
    /// <exception cref="DicomFormatException">The bytes are not a valid dataset in that syntax.</exception>
    public static DicomDataset Read(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        throw new NotImplementedException(bytes.Length + syntax.ToString() + options);

    /// <summary>Reads a dataset from a stream up to its end (values are copied into memory).</summary>
    /// <exception cref="DicomFormatException">The stream is not a valid dataset in that syntax.</exception>
    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        throw new NotImplementedException(stream + syntax.ToString() + options);

    /// <summary>Writes a dataset (every element, group lengths recomputed where present).</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax) =>
        throw new NotImplementedException(stream + syntax.ToString() + dataset);

    public static byte[] ToBytes(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var memory = new MemoryStream();
        Write(memory, dataset, syntax);
        return memory.ToArray();
    }
}
