using System.IO.Compression;

namespace RadCnn.Dicom.IO;

/// <summary>
/// Writes Part 10 files: preamble, "DICM", the meta group (explicit VR little endian, group length
/// computed, missing mandatory elements filled in from the dataset), then the dataset in the file's
/// transfer syntax. Meta elements already present are kept as they are, for byte-exact round trips.
/// </summary>
internal static class DicomFileWriter
{
    /// <summary>RadCnn's implementation class UID (a fixed 2.25 UUID-derived UID) and version name.</summary>
    internal const string ImplementationClassUid = "2.25.193874384528711302925618385006418423513";
    internal const string ImplementationVersionName = "RADCNN_010";

    public static void Write(Stream stream, DicomFile file)
    {
        var syntax = file.TransferSyntax;
        var meta = BuildMeta(file, syntax);
        // Headers are written a few bytes at a time: buffer streams that do not buffer themselves (network).
        var buffered = stream is BufferedStream or MemoryStream or FileStream || stream == Stream.Null ? stream : new BufferedStream(stream, 1 << 16);
        var preamble = file.Preamble.Length == 128 ? file.Preamble.Span : new byte[128];
        buffered.Write(preamble);
        buffered.Write("DICM"u8);
        DicomDatasetWriter.Write(buffered, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(buffered, CompressionLevel.Optimal, leaveOpen: true);
            DicomDatasetWriter.Write(deflate, file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        }
        else
        {
            DicomDatasetWriter.Write(buffered, file.Dataset, syntax);
        }

        buffered.Flush();
    }

    private static DicomDataset BuildMeta(DicomFile file, DicomTransferSyntax syntax)
    {
        var meta = DicomPart10Header.MetaGroup(file.FileMetaInfo);

        CopyIfMissing(meta, DicomTag.MediaStorageSOPClassUID, file.Dataset, DicomTag.SOPClassUID);
        CopyIfMissing(meta, DicomTag.MediaStorageSOPInstanceUID, file.Dataset, DicomTag.SOPInstanceUID);
        if (!meta.TryGetString(DicomTag.TransferSyntaxUID, out var ts) || ts.Length == 0)
        {
            meta.AddOrUpdate(DicomTag.TransferSyntaxUID, syntax.Uid.Value);
        }

        if (!meta.Contains(DicomTag.ImplementationClassUID))
        {
            meta.AddOrUpdate(DicomTag.ImplementationClassUID, ImplementationClassUid);
            meta.AddOrUpdate(DicomTag.ImplementationVersionName, ImplementationVersionName);
        }

        return meta;
    }

    private static void CopyIfMissing(DicomDataset meta, DicomTag metaTag, DicomDataset dataset, DicomTag datasetTag)
    {
        if (!meta.Contains(metaTag) && dataset.TryGetString(datasetTag, out var value) && value.Length > 0)
        {
            meta.AddOrUpdate(metaTag, value);
        }
    }
}
