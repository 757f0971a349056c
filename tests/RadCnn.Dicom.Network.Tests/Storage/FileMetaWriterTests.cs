using RadCnn.Dicom.Network.Storage;

namespace RadCnn.Dicom.Network.Tests.Storage;

public sealed class FileMetaWriterTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", "1.2.840.10008.1.2.1", "STORESCU", "1.2.826.0.1.3680043.10.1234", "RADCNN_1")]
    [InlineData("1.2.840.10008.5.1.4.1.1.7", "1.2.3.44", "1.2.840.10008.1.2", "ODD", "1.2.3", "V")]
    [InlineData("1.2.840.10008.5.1.4.1.1.4", "2.25.1234567890123456789", "1.2.840.10008.1.2.4.50", "", "1.22", "")]
    public void Writes_the_bytes_the_generic_part10_encoder_writes(string sopClass, string sopInstance, string transferSyntax, string aeTitle, string implementationClass, string versionName)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, sopClass);
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, sopInstance);
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, transferSyntax);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, implementationClass);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, versionName);
        if (aeTitle.Length > 0)
        {
            meta.AddOrUpdate(DicomTag.SourceApplicationEntityTitle, aeTitle);
        }

        var direct = FileMetaWriter.Build(sopClass, sopInstance, transferSyntax, aeTitle, implementationClass, versionName);

        Assert.Equal(DicomPart10Header.Encode(meta), direct);
        var header = DicomPart10Header.Read(new MemoryStream(direct));
        Assert.Equal(sopInstance, header.SopInstanceUid);
        Assert.Equal(direct.Length, header.DataSetOffset);
    }
}
