using System.IO.Compression;

namespace RadCnn.Dicom.IO;

/// <summary>
/// Reads Part 10 files and bare datasets. Small files are read whole with one call and parsed without
/// copying; large files are streamed and their large values left in the file. Without meta information
/// the transfer syntax is guessed from the first element (byte order from the group, VR from the bytes
/// after the tag), as DCMTK and pydicom do.
/// </summary>
internal static class DicomFileReader
{
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    public static DicomFile Read(string path, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        ByteSource source;
        if (length <= options.WholeFileThreshold)
        {
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            stream.ReadExactly(bytes);
            source = new ByteSource(bytes, 0, bytes.Length, 0);
        }
        else
        {
            source = new ByteSource(stream, 0, length, Path.GetFullPath(path), options.LazyValueThreshold);
        }

        var file = Parse(source, options, path);
        file.Path = path;
        return file;
    }

    public static DicomFile Read(Stream stream, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            var offset = (int)memory.Position;
            return Parse(new ByteSource(segment.Array!, segment.Offset + offset, segment.Count - offset, 0), options, null);
        }

        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new DicomFormatException("the stream is too large to read into memory", 0, null);
            }

            bytes = GC.AllocateUninitializedArray<byte>((int)remaining);
            stream.ReadExactly(bytes);
        }
        else
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        return Parse(new ByteSource(bytes, 0, bytes.Length, 0), options, null);
    }

    private static DicomFile Parse(ByteSource source, DicomReadOptions options, string? name)
    {
        try
        {
            return ParseUnchecked(source, options, name);
        }
        catch (DicomFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not IOException and not UnauthorizedAccessException)
        {
            // A fault in the parser itself must still not take the service down; the fuzz test hunts these.
            throw new DicomFormatException($"unexpected {e.GetType().Name}: {e.Message}", source.Position, null, name, e);
        }
    }

    private static DicomFile ParseUnchecked(ByteSource source, DicomReadOptions options, string? name)
    {
        var meta = new DicomDataset();
        var dataset = new DicomDataset();
        var file = new DicomFile(meta, dataset);
        var format = DicomFileFormat.DatasetOnly;
        if (source.Ensure(132) && source.Peek(128) == Magic[0] && source.Peek(129) == Magic[1] && source.Peek(130) == Magic[2] && source.Peek(131) == Magic[3])
        {
            var preamble = new byte[128];
            for (var i = 0; i < 128; i++)
            {
                preamble[i] = source.Peek(i);
            }

            file.Preamble = preamble;
            source.Advance(132);
            format = DicomFileFormat.Part10;
        }
        else if (source.Ensure(6) && source.Peek(0) == 0x02 && source.Peek(1) == 0x00)
        {
            format = DicomFileFormat.MetaWithoutPreamble;
        }

        file.Format = format;
        if (format != DicomFileFormat.DatasetOnly)
        {
            // Group 0002 is explicit VR little endian by definition; some writers got that wrong, so detect.
            var metaParser = new DicomParser(source, explicitVR: true, options, name);
            metaParser.ReadTopLevel(meta, metaOnly: true, detectVR: true);
        }

        DicomTransferSyntax syntax;
        if (meta.TryGetString(DicomTag.TransferSyntaxUID, out var uid) && uid.Length > 0)
        {
            syntax = DicomTransferSyntax.Parse(uid);
        }
        else
        {
            syntax = Guess(source);
            file.SetGuessedSyntax(syntax);
        }

        if (syntax.IsDeflated)
        {
            source = Inflate(source, name);
        }

        source.BigEndian = syntax.IsBigEndian;
        var parser = new DicomParser(source, syntax.IsExplicitVR, options, name);
        parser.ReadTopLevel(dataset, metaOnly: false, detectVR: true);
        return file;
    }

    /// <summary>Byte order from the first group number (08 00 vs 00 08), VR from the two bytes after the tag.</summary>
    private static DicomTransferSyntax Guess(ByteSource source)
    {
        if (!source.Ensure(6))
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var bigEndian = source.Peek(0) == 0 && source.Peek(1) != 0;
        var isExplicit = DicomVR.TryParse(source.Peek(4), source.Peek(5), out _);
        return (isExplicit, bigEndian) switch
        {
            (true, true) => DicomTransferSyntax.ExplicitVRBigEndian,
            (true, false) => DicomTransferSyntax.ExplicitVRLittleEndian,
            // Implicit VR big endian was never a DICOM syntax; read as little endian.
            _ => DicomTransferSyntax.ImplicitVRLittleEndian,
        };
    }

    /// <summary>
    /// Deflated syntax: everything after the meta group is a raw deflate stream. Inflated into memory
    /// (offsets in errors then count inflated bytes); growth follows the data actually inflated.
    /// </summary>
    private static ByteSource Inflate(ByteSource source, string? name)
    {
        var start = source.Position;
        using var compressed = new MemoryStream();
        source.CopyRestTo(compressed);
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        try
        {
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
            deflate.CopyTo(inflated);
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException($"the deflated dataset is corrupt: {e.Message}", start, null, name, e);
        }

        return new ByteSource(inflated.GetBuffer(), 0, (int)inflated.Length, 0);
    }
}
