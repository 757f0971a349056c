namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// The Part 10 header the listener puts in front of a data set it stores as received: written
/// before the data set arrives, from what the association and the C-STORE command say.
/// </summary>
internal static class FileMetaWriter
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string sourceAeTitle, string implementationClassUid, string implementationVersionName)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, sopClassUid);
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, sopInstanceUid);
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, transferSyntaxUid);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, implementationClassUid);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, implementationVersionName);
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            meta.AddOrUpdate(DicomTag.SourceApplicationEntityTitle, sourceAeTitle);
        }

        return DicomPart10Header.Encode(meta);
    }
}
