using RadCnn.Dicom.IO;

namespace RadCnn.Dicom;

/// <summary>
/// A Part 10 file's header on its own (PS3.10 7.1: 128-byte preamble, "DICM", the file meta group in
/// explicit VR little endian), for code that streams the data set instead of parsing it: the DICOM
/// listener writes a header before the data set arrives, the sender sends a file's data set as it is.
/// </summary>
/// <param name="Meta">The file meta group (0002,xxxx).</param>
/// <param name="DataSetOffset">Where the data set starts in the file.</param>
public sealed record DicomPart10Header(DicomDataset Meta, long DataSetOffset)
{
    public string SopClassUid => Meta.GetStringOrDefault(DicomTag.MediaStorageSOPClassUID);

    public string SopInstanceUid => Meta.GetStringOrDefault(DicomTag.MediaStorageSOPInstanceUID);

    public string TransferSyntaxUid => Meta.GetStringOrDefault(DicomTag.TransferSyntaxUID);

    /// <summary>Reads the header of a Part 10 file.</summary>
    /// <exception cref="DicomFormatException">No "DICM" prefix, a malformed meta group, or one without SOP class, SOP instance or transfer syntax.</exception>
    public static DicomPart10Header Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Read(stream, path);
    }

    /// <summary>Reads the header from the start of a seekable stream (whose position is then unspecified).</summary>
    /// <exception cref="DicomFormatException">As <see cref="Read(string)"/>.</exception>
    public static DicomPart10Header Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var options = DicomReadOptions.Default;
        var source = new ByteSource(stream, 0, stream.Length, lazyPath: null, long.MaxValue);
        if (!source.Ensure(132) || source.Peek(128) != 'D' || source.Peek(129) != 'I' || source.Peek(130) != 'C' || source.Peek(131) != 'M')
        {
            throw new DicomFormatException("not a DICOM Part 10 file (no DICM prefix)", 0, null, name);
        }

        source.Advance(132);
        var meta = new DicomDataset();
        try
        {
            new DicomParser(source, explicitVR: true, options, name).ReadTopLevel(meta, metaOnly: true, detectVR: true);
        }
        catch (Exception e) when (e is not DicomFormatException and not IOException and not OutOfMemoryException)
        {
            throw new DicomFormatException($"unexpected {e.GetType().Name}: {e.Message}", source.Position, null, name, e);
        }

        var header = new DicomPart10Header(meta, source.Position);
        foreach (var (value, what) in new[] { (header.SopClassUid, "Media Storage SOP Class UID"), (header.SopInstanceUid, "Media Storage SOP Instance UID"), (header.TransferSyntaxUid, "Transfer Syntax UID") })
        {
            if (value.Length == 0)
            {
                throw new DicomFormatException($"the file meta information lacks {what}", 132, null, name);
            }
        }

        return header;
    }

    /// <summary>
    /// Encodes a header: zero preamble, "DICM" and the meta group's elements (group 0002 only; File
    /// Meta Information Version 00\01 added when missing, group length computed).
    /// </summary>
    public static byte[] Encode(DicomDataset meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var group = MetaGroup(meta);
        using var buffer = new MemoryStream(256);
        buffer.Write(new byte[128]);
        buffer.Write("DICM"u8);
        DicomDatasetWriter.Write(buffer, group, DicomTransferSyntax.ExplicitVRLittleEndian);
        return buffer.ToArray();
    }

    /// <summary>A copy of the meta group ready to write: other groups dropped, group length (computed by the writer) and version present.</summary>
    internal static DicomDataset MetaGroup(DicomDataset meta)
    {
        var group = meta.Clone();
        group.RemoveAll(i => i.Tag.Group != 0x0002);
        group.AddOrUpdate(DicomTag.FileMetaInformationGroupLength, 0u);
        if (!group.Contains(DicomTag.FileMetaInformationVersion))
        {
            group.AddOrUpdate(DicomElement.FromBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 }));
        }

        return group;
    }
}
