using RadCnn.Dicom.IO;

namespace RadCnn.Dicom.Tests;

public sealed class DicomDatasetTests
{
    [Fact]
    public void Elements_are_kept_in_tag_order_whatever_the_order_of_adding()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.PatientID, "123")
            .AddOrUpdate(DicomTag.Modality, "CT")
            .AddOrUpdate(DicomTag.PatientName, "Doe^Jane");
        Assert.Equal([DicomTag.Modality, DicomTag.PatientName, DicomTag.PatientID], dataset.Select(i => i.Tag));
    }

    [Fact]
    public void Typed_values_round_trip_through_their_encoding()
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.Rows, (ushort)512)
            .AddOrUpdate(DicomTag.PixelSpacing, 0.703125, 0.703125)
            .AddOrUpdate(DicomTag.InstanceNumber, 42)
            .AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .AddOrUpdate(DicomTag.RescaleSlope, 1.0)
            .AddOrUpdate(DicomTag.FrameIncrementPointer, DicomTag.FrameTime)
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage);

        Assert.Equal(512, dataset.GetSingleValue<int>(DicomTag.Rows));
        Assert.Equal([0.703125, 0.703125], dataset.GetValues<double>(DicomTag.PixelSpacing));
        Assert.Equal("0.703125\\0.703125", dataset.GetString(DicomTag.PixelSpacing));
        Assert.Equal(42, dataset.GetSingleValue<int>(DicomTag.InstanceNumber));
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], dataset.GetValues<string>(DicomTag.ImageType));
        Assert.Equal(DicomTag.FrameTime, dataset.GetSingleValue<DicomTag>(DicomTag.FrameIncrementPointer));
        Assert.Equal(DicomUid.CTImageStorage, dataset.GetSingleValue<DicomUid>(DicomTag.SOPClassUID));
        Assert.Equal("CT Image Storage", dataset.GetSingleValue<DicomUid>(DicomTag.SOPClassUID).Name);

        // Odd-length values are padded as PS3.5 requires: strings with a space, UIDs with NUL.
        Assert.Equal(0, ((DicomElement)dataset.GetItem(DicomTag.SOPClassUID)!).Length % 2);
        Assert.Equal((byte)0, ((DicomElement)dataset.GetItem(DicomTag.SOPClassUID)!).GetBytes().Span[^1]);
    }

    [Fact]
    public void Missing_values_and_wrong_types()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTag.InstanceNumber, "twelve");
        Assert.False(dataset.TryGetString(DicomTag.PatientName, out _));
        Assert.Throws<KeyNotFoundException>(() => dataset.GetString(DicomTag.PatientName));
        Assert.False(dataset.TryGetValues<int>(DicomTag.InstanceNumber, out _));
        var error = Assert.Throws<DicomFormatException>(() => dataset.GetValues<int>(DicomTag.InstanceNumber));
        Assert.Contains("(0020,0013)", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, dataset.GetSingleValueOrDefault(DicomTag.Rows, 7));
        Assert.Equal("none", dataset.GetStringOrDefault(DicomTag.PatientName, "none"));
    }

    [Fact]
    public void Sequences_of_nested_datasets_and_removal()
    {
        var item = new DicomDataset().AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, "1.2.3");
        var dataset = new DicomDataset().AddOrUpdate(DicomTag.ReferencedImageSequence, item, new DicomDataset());
        Assert.Equal(2, dataset.GetSequence(DicomTag.ReferencedImageSequence).Items.Count);
        Assert.Equal("1.2.3", dataset.GetSequence(DicomTag.ReferencedImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.True(dataset.Remove(DicomTag.ReferencedImageSequence));
        Assert.False(dataset.Remove(DicomTag.ReferencedImageSequence));
        Assert.Empty(dataset);
    }

    [Fact]
    public void Private_tags_need_an_explicit_VR_and_are_written_and_read_back()
    {
        var creator = new DicomTag(0x0029, 0x0010);
        var value = new DicomTag(0x0029, 0x1001);
        Assert.Throws<ArgumentException>(() => new DicomDataset().AddOrUpdate(value, "x"));
        var dataset = new DicomDataset().AddOrUpdate(creator, DicomVR.LO, "RADCNN").AddOrUpdate(value, DicomVR.FD, 2.5);
        var bytes = DicomDatasetSerializer.ToBytes(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var read = DicomDatasetSerializer.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(2.5, read.GetSingleValue<double>(value));
        Assert.Equal("RADCNN", read.GetString(creator));
    }

    [Fact]
    public void Clone_is_deep_for_datasets()
    {
        var dataset = new DicomDataset().AddOrUpdate(DicomTag.ReferencedImageSequence, new DicomDataset().AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, "1.2.3"));
        var copy = dataset.Clone();
        copy.GetSequence(DicomTag.ReferencedImageSequence).Items[0].AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, "9.9");
        Assert.Equal("1.2.3", dataset.GetSequence(DicomTag.ReferencedImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void Implicit_and_explicit_encodings_of_the_same_dataset_read_back_equal()
    {
        var item = new DicomDataset { UndefinedLength = false }.AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, "1.2.3");
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.PatientName, "Doe^Jane")
            .AddOrUpdate(DicomTag.ReferencedImageSequence, item, new DicomDataset())
            .AddOrUpdate(DicomTag.Rows, (ushort)2);
        dataset.GetSequence(DicomTag.ReferencedImageSequence).UndefinedLength = false;
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian })
        {
            var bytes = DicomDatasetSerializer.ToBytes(dataset, syntax);
            Assert.Equal(bytes.Length, DicomDatasetSerializer.MeasureLength(dataset, syntax));
            var read = DicomDatasetSerializer.Read(bytes, syntax);
            Assert.Empty(DatasetComparer.Differences(dataset, read));
        }
    }
}
