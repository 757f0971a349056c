using System.Diagnostics;
using RadCnn.Dicom.Tests.Oracle;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.IO;

/// <summary>
/// Truncated, malformed and hostile files end in a DicomFormatException that names the offset and the
/// element, quickly, and without allocating more than the file's size plus a fixed margin.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>Room for the parser's own objects on top of the input's bytes (the input is at most a few kB here).</summary>
    private const long AllocationMargin = 1 << 20;

    private const uint Undefined = 0xFFFFFFFF;

    public BadInputTests()
    {
        // The dictionaries are built once per process (a few MB); build them before measuring allocations.
        _ = DicomTag.PatientName.DictionaryEntry;
        _ = DicomUid.CTImageStorage;
    }

    [Theory]
    [InlineData("test_files/MR_truncated.dcm", "(7FE0,0010)")]
    [InlineData("test_files/rtplan_truncated.dcm", "(300A,00B0)")]
    [InlineData("test_files/no_meta.dcm", "(0820,0500)")]
    public void Pydicoms_broken_files_are_rejected_with_offset_and_element(string name, string element)
    {
        var bytes = File.ReadAllBytes(DicomCorpus.Resolve(name));
        var error = AssertRejected(bytes);
        Assert.Contains(element, error.Message, StringComparison.Ordinal);
        Assert.Equal(DicomTag.Parse(element), error.Tag);
    }

    [Fact]
    public void Bad_value_file_is_read_like_DCMTK_and_pydicom_do_and_the_bad_value_is_reported_when_asked_for()
    {
        // badVR.dcm is structurally sound; one IS value is "1A". Both peers read the file; so does RadCnn,
        // and asking for that value as a number gives a DicomFormatException naming the element.
        var file = DicomFile.Open(DicomCorpus.Resolve("test_files/badVR.dcm"));
        var bad = file.Dataset.OfType<DicomElement>().Where(e => e.VR == DicomVR.IS)
            .Single(e => !file.Dataset.TryGetValues<int>(e.Tag, out _));
        var error = Assert.Throws<DicomFormatException>(() => file.Dataset.GetValues<int>(bad.Tag));
        Assert.Contains(bad.Tag.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal("1A", file.Dataset.GetString(bad.Tag));
    }

    [Theory]
    [InlineData("test_files/ExplVR_BigEndNoMeta.dcm", DicomFileFormat.DatasetOnly, "1.2.840.10008.1.2.2")]
    [InlineData("test_files/ExplVR_LitEndNoMeta.dcm", DicomFileFormat.DatasetOnly, "1.2.840.10008.1.2.1")]
    [InlineData("test_files/meta_missing_tsyntax.dcm", DicomFileFormat.Part10, "1.2.840.10008.1.2")]
    public void Files_without_a_transfer_syntax_are_read_with_a_guessed_one(string name, DicomFileFormat format, string syntax)
    {
        var file = DicomFile.Open(DicomCorpus.Resolve(name));
        Assert.Equal(format, file.Format);
        Assert.Equal(syntax, file.TransferSyntax.Uid.Value);
        Assert.NotEmpty(file.Dataset);
    }

    [Fact]
    public void Value_length_past_the_end_of_the_file()
    {
        var input = HostileInput.Part10();
        var offset = input.Length;
        var bytes = input.Explicit(0x0010, 0x0010, "PN", "Doe^J"u8.ToArray(), length: 5000).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.PatientName, error.Tag);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Four_gigabyte_length_in_a_one_kilobyte_file()
    {
        var bytes = HostileInput.Part10().Explicit(0x0008, 0x0060, "CS", "CT"u8).Explicit(0x7FE0, 0x0010, "OW", new byte[900], length: 0xFFFFFFFE).ToArray();
        Assert.InRange(bytes.Length, 1000, 1100);
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.PixelData, error.Tag);
        Assert.Contains("4294967294", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_gigabyte_sequence_item_in_a_small_file()
    {
        var bytes = HostileInput.Part10().Explicit(0x0008, 0x1115, "SQ", [], length: Undefined).Delimiter(0xE000, 0xFFFFFFF0).Raw(new byte[64]).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.ReferencedSeriesSequence, error.Tag);
    }

    [Theory]
    [InlineData("UT")]
    [InlineData("OF")]
    [InlineData("UC")]
    public void Undefined_length_on_an_element_that_is_not_a_sequence(string vr)
    {
        var bytes = HostileInput.Part10().Explicit(0x0018, 0x1030, vr, new byte[32], length: Undefined).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(new DicomTag(0x0018, 0x1030), error.Tag);
        Assert.Contains("undefined length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_length_on_a_known_non_sequence_element_in_implicit_VR()
    {
        var bytes = HostileInput.Part10("1.2.840.10008.1.2").Implicit(0x0010, 0x0010, new byte[16], length: Undefined).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.PatientName, error.Tag);
    }

    [Fact]
    public void Deeply_nested_sequences_are_rejected_without_exhausting_the_stack()
    {
        var input = HostileInput.Part10();
        for (var i = 0; i < 100_000; i++)
        {
            input.Explicit(0x0040, 0xA730, "SQ", [], length: Undefined).Delimiter(0xE000, Undefined);
        }

        var error = AssertRejected(input.ToArray(), allocationLimit: input.Length * 4 + AllocationMargin);
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moderately_nested_sequences_are_read()
    {
        var input = HostileInput.Part10();
        const int depth = 30;
        for (var i = 0; i < depth; i++)
        {
            input.Explicit(0x0040, 0xA730, "SQ", [], length: Undefined).Delimiter(0xE000, Undefined);
        }

        input.Explicit(0x0040, 0xA160, "UT", "leaf"u8);
        for (var i = 0; i < depth; i++)
        {
            input.Delimiter(0xE00D, 0).Delimiter(0xE0DD, 0);
        }

        var dataset = DicomFile.Open(new MemoryStream(input.ToArray())).Dataset;
        for (var i = 0; i < depth; i++)
        {
            dataset = dataset.GetSequence(DicomTag.ContentSequence).Items[0];
        }

        Assert.Equal("leaf", dataset.GetString(DicomTag.TextValue));
    }

    [Fact]
    public void Sequence_without_delimiter_at_end_of_file()
    {
        var bytes = HostileInput.Part10().Explicit(0x0008, 0x1115, "SQ", [], length: Undefined).Delimiter(0xE000, Undefined).Explicit(0x0008, 0x0060, "CS", "CT"u8).ToArray();
        var error = AssertRejected(bytes);
        Assert.Contains("ends inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Something_other_than_an_item_inside_a_sequence()
    {
        var bytes = HostileInput.Part10().Explicit(0x0008, 0x1115, "SQ", [], length: Undefined).Explicit(0x0008, 0x0060, "CS", "CT"u8).Delimiter(0xE0DD, 0).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.ReferencedSeriesSequence, error.Tag);
        Assert.Contains("expected an item", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_longer_than_the_file()
    {
        var bytes = HostileInput.Part10().Explicit(0x0008, 0x1115, "SQ", [], length: 40).Delimiter(0xE000, 32).Explicit(0x0008, 0x0060, "CS", "CT"u8).ToArray();
        AssertRejected(bytes);
    }

    [Fact]
    public void Fragment_length_past_the_end_of_the_file()
    {
        var bytes = HostileInput.Part10("1.2.840.10008.1.2.5").Explicit(0x7FE0, 0x0010, "OB", [], length: Undefined)
            .Delimiter(0xE000, 0).Delimiter(0xE000, 0x7FFFFFFF).Raw(new byte[100]).ToArray();
        var error = AssertRejected(bytes);
        Assert.Equal(DicomTag.PixelData, error.Tag);
    }

    [Fact]
    public void Truncated_inside_an_element_header()
    {
        var input = HostileInput.Part10().Explicit(0x0008, 0x0060, "CS", "CT"u8);
        var offset = input.Length;
        var error = AssertRejected(input.Raw([0x10, 0x00, 0x10, 0x00, 0x50]).ToArray());
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Every_truncation_of_a_real_file_is_rejected_or_read_never_anything_else()
    {
        var bytes = File.ReadAllBytes(DicomCorpus.Resolve("test_files/rtplan.dcm"));
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                DicomFile.Open(new MemoryStream(bytes, 0, length));
            }
            catch (DicomFormatException e)
            {
                Assert.Null(e.InnerException);
                Assert.InRange(e.Offset, 0, length);
            }
        }
    }

    [Fact]
    public void Corrupt_deflated_data()
    {
        var bytes = HostileInput.Part10("1.2.840.10008.1.2.1.99").Raw([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x13]).ToArray();
        AssertRejected(bytes);
    }

    private static DicomFormatException AssertRejected(byte[] bytes, long? allocationLimit = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bytes)));
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= (allocationLimit ?? bytes.Length + AllocationMargin), $"allocated {allocated} bytes for a {bytes.Length}-byte input");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Null(error.InnerException is DicomFormatException ? null : error.InnerException is System.IO.InvalidDataException ? null : error.InnerException);
        Assert.Contains("offset", error.Message, StringComparison.Ordinal);

        // The same bytes from a file on disk (streamed path, lazy values) fail the same way.
        using var temp = new TempDirectory("radcnn-bad");
        var path = temp.Combine("bad.dcm");
        File.WriteAllBytes(path, bytes);
        var fromFile = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path, new DicomReadOptions { WholeFileThreshold = 0, LazyValueThreshold = 16 }));
        Assert.Equal(error.Offset, fromFile.Offset);
        Assert.Equal(error.Tag, fromFile.Tag);
        return error;
    }
}
