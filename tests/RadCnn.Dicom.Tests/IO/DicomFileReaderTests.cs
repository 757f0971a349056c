using System.Buffers.Binary;
using RadCnn.Dicom.IO;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.IO;

public sealed class DicomFileReaderTests
{
    [Fact]
    public void A_500_MB_multi_frame_file_opens_without_reading_its_pixel_data()
    {
        const int rows = 512, columns = 512, frames = 1000;
        const long frameBytes = rows * columns * 2;
        using var temp = new TempDirectory("radcnn-lazy");
        var path = temp.Combine("multiframe.dcm");
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.EnhancedCTImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTag.NumberOfFrames, frames)
            .AddOrUpdate(DicomTag.Rows, (ushort)rows)
            .AddOrUpdate(DicomTag.Columns, (ushort)columns)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        using (var stream = File.Create(path))
        {
            new DicomFile(dataset).Save(stream);
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x00107FE0);
            "OW"u8.CopyTo(header[4..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)(frameBytes * frames));
            stream.Write(header);

            // A sparse file: the 524 MB of pixels cost no disk; the last frame starts with a marker.
            var pixelStart = stream.Position;
            stream.SetLength(pixelStart + frameBytes * frames);
            stream.Position = pixelStart + frameBytes * (frames - 1);
            stream.Write("LASTFRAME!"u8);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 << 20, $"opening allocated {allocated} bytes");

        var pixels = Assert.IsType<DicomElement>(file.Dataset.GetItem(DicomTag.PixelData));
        Assert.False(pixels.IsLoaded);
        Assert.Equal(frameBytes * frames, pixels.Length);
        Span<byte> marker = stackalloc byte[10];
        pixels.CopyBytes(frameBytes * (frames - 1), marker);
        Assert.Equal("LASTFRAME!"u8, marker);
        Assert.Equal(frames, file.Dataset.GetSingleValue<int>(DicomTag.NumberOfFrames));

        // Writing it out streams the value in chunks too.
        before = GC.GetAllocatedBytesForCurrentThread();
        file.Save(Stream.Null);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20);
    }

    [Fact]
    public void Streamed_and_whole_file_reading_give_the_same_dataset()
    {
        foreach (var name in new[] { "CT_small.dcm", "MR_small_bigendian.dcm", "MR_small_RLE.dcm", "rtplan.dcm", "image_dfl.dcm", "UN_sequence.dcm" })
        {
            var path = Path.Combine(Peers.RequirePydicomTestFiles(), name);
            var whole = DicomFile.Open(path);
            var streamed = DicomFile.Open(path, new DicomReadOptions { WholeFileThreshold = 0, LazyValueThreshold = 64 });
            Assert.Empty(DatasetComparer.Differences(whole.Dataset, streamed.Dataset, name));
        }
    }

    [Fact]
    public void Reading_can_stop_before_pixel_data()
    {
        var path = Path.Combine(Peers.RequirePydicomTestFiles(), "CT_small.dcm");
        var file = DicomFile.Open(path, new DicomReadOptions { StopBeforeTag = DicomTag.PixelData });
        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(128, file.Dataset.GetSingleValue<int>(DicomTag.Rows));
    }

    [Fact]
    public void Encapsulated_pixel_data_gives_offset_table_and_fragments()
    {
        var file = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "SC_rgb_rle_2frame.dcm"));
        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset.GetItem(DicomTag.PixelData));
        Assert.Equal(2, pixels.FragmentCount);
        Assert.Equal(2, pixels.BasicOffsetTable.Count);
        Assert.Equal(0u, pixels.BasicOffsetTable[0]);
        Assert.Equal(pixels.GetFragmentLength(0) + 8, pixels.BasicOffsetTable[1]);
    }

    [Fact]
    public void Big_endian_values_are_seen_little_endian()
    {
        var big = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "MR_small_bigendian.dcm"));
        var little = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "MR_small.dcm"));
        Assert.Equal(little.Dataset.GetValues<ushort>(DicomTag.Rows), big.Dataset.GetValues<ushort>(DicomTag.Rows));
        Assert.True(little.Dataset.GetValues<short>(DicomTag.PixelData).SequenceEqual(big.Dataset.GetValues<short>(DicomTag.PixelData)));
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, big.TransferSyntax);
    }

    [Fact]
    public void Deflated_file_is_read_and_written_back_deflated()
    {
        var file = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "image_dfl.dcm"));
        Assert.True(file.TransferSyntax.IsDeflated);
        using var stream = new MemoryStream();
        file.Save(stream);
        stream.Position = 0;
        var again = DicomFile.Open(stream);
        Assert.Empty(DatasetComparer.Differences(file.Dataset, again.Dataset));
    }

    [Fact]
    public void Network_style_dataset_bytes_in_implicit_VR()
    {
        var dataset = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "rtplan.dcm")).Dataset;
        var bytes = DicomDatasetSerializer.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        var read = DicomDatasetSerializer.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Empty(DatasetComparer.Differences(dataset, read));
    }
}
