using System.Buffers.Binary;
using RadCnn.Dicom.Imaging;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Imaging;

/// <summary>Layouts pydicom's test files do not have: planar colour, bits above Bits Stored, packed 1-bit frames, 32-bit, lazily read frames.</summary>
public sealed class DicomPixelDataTests
{
    [Fact]
    public void PlanarSigned12BitIgnoresHighBitsAndSignExtends()
    {
        using var temp = new TempDirectory();
        var file = new SyntheticImageFile(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12, signed: true, samples: 3, photometric: "RGB", frames: 2, planar: 1);
        // Frame 1: R plane, G plane, B plane; 0xF800 | value puts garbage above bit 11.
        short[] stored = [-2048, 2047, -1, 0, 5, -5];
        var raw = new byte[2 * 6 * 2];
        for (var f = 0; f < 2; f++)
        {
            for (var i = 0; i < 6; i++)
            {
                var value = (ushort)((stored[i] + f) & 0x0FFF | 0xA000);
                BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(((f * 6) + i) * 2), value);
            }
        }

        file.Pixels = raw;
        var path = temp.Combine("planar.dcm");
        file.Save(path);
        var pixels = DicomPixelData.Create(DicomFile.Open(path));
        Assert.Equal([-2048, -1, 5, 2047, 0, -5], pixels.GetStoredValues<double>(0));
        Assert.Equal([-2048, 2047, -1, 0, 5, -5], pixels.GetStoredValues<double>(0, channelsFirst: true));
        Assert.Equal([-2047, 0, 6, -2048, 1, -4], pixels.GetStoredValues<float>(1));
    }

    [Fact]
    public void OneBitFramesNeedNotStartOnAByte()
    {
        using var temp = new TempDirectory();
        var file = new SyntheticImageFile(rows: 3, columns: 3, bitsAllocated: 1, bitsStored: 1, signed: false, frames: 3);
        var bits = new bool[27];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = i % 3 == 0 || i % 7 == 0;
        }

        var packed = new byte[4];
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                packed[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        file.Pixels = packed;
        var path = temp.Combine("bits.dcm");
        file.Save(path);
        var pixels = DicomPixelData.Create(DicomFile.Open(path));
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(bits.Skip(f * 9).Take(9).Select(b => b ? 1.0 : 0.0), pixels.GetStoredValues<double>(f));
        }
    }

    [Fact]
    public void ThirtyTwoBitSignedWithRescaleAndMonochrome1Window()
    {
        using var temp = new TempDirectory();
        var file = new SyntheticImageFile(rows: 1, columns: 4, bitsAllocated: 32, bitsStored: 32, signed: true, photometric: "MONOCHROME1");
        file.String(0x00281050, "DS", "0");
        file.String(0x00281051, "DS", "101");
        file.String(0x00281052, "DS", "-10");
        file.String(0x00281053, "DS", "2");
        int[] stored = [int.MinValue, -100, 5, 1_000_000];
        var raw = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(i * 4), stored[i]);
        }

        file.Pixels = raw;
        var path = temp.Combine("int32.dcm");
        file.Save(path);
        var pixels = DicomPixelData.Create(DicomFile.Open(path));
        Assert.Equal(stored.Select(v => (double)v), pixels.GetStoredValues<double>(0));
        Assert.Equal(stored.Select(v => (v * 2.0) - 10), pixels.GetModalityValues<double>(0));
        var display = pixels.GetDisplayValues<double>(0);

        // Modality 0 is the window centre: (0 - (0 - 0.5)) / 100 + 0.5 = 0.505, inverted for MONOCHROME1.
        Assert.Equal([1, 1, 1 - 0.505, 0], display.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void FramesOfALargeFileAreReadOneAtATime()
    {
        using var temp = new TempDirectory();
        const int frames = 2100; // 2100 frames of 64 x 64 x 16 bits: past the reader's 16 MB whole-file threshold.
        var file = new SyntheticImageFile(rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 12, signed: false, frames: frames);
        var raw = new byte[frames * 64 * 64 * 2];
        for (var i = 0; i < raw.Length / 2; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(i * 2), (ushort)((i / 4096) + (i % 4096) & 0x0FFF));
        }

        file.Pixels = raw;
        var path = temp.Combine("large.dcm");
        file.Save(path);
        var dicom = DicomFile.Open(path);
        var element = Assert.IsType<DicomElement>(dicom.Dataset.GetItem(DicomTag.PixelData));
        Assert.False(element.IsLoaded);
        var pixels = DicomPixelData.Create(dicom);
        var values = pixels.GetStoredValues<float>(2000);
        Assert.Equal(Enumerable.Range(0, 4096).Select(i => (float)((2000 + i) & 0x0FFF)), values);
        Assert.False(element.IsLoaded);
    }

    [Fact]
    public void AMissingFrameIsAPixelDataErrorAndTheOthersStillRead()
    {
        using var temp = new TempDirectory();
        var file = new SyntheticImageFile(rows: 2, columns: 2, bitsAllocated: 8, bitsStored: 8, signed: false, frames: 3) { Pixels = [1, 2, 3, 4, 5, 6, 7, 8] };
        var path = temp.Combine("short.dcm");
        file.Save(path);
        var pixels = DicomPixelData.Create(DicomFile.Open(path));
        Assert.Equal([5.0, 6, 7, 8], pixels.GetStoredValues<double>(1));
        Assert.Throws<DicomPixelDataException>(() => pixels.GetStoredValues<double>(2));
    }

    [Fact]
    public void NoPixelDataIsAPixelDataError()
    {
        var dicom = DicomFile.Open(Path.Combine(Peers.PydicomTestFiles, "rtplan.dcm"));
        Assert.Throws<DicomPixelDataException>(() => DicomPixelData.Create(dicom));
    }
}
